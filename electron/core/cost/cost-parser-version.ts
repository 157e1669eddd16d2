/** Bump whenever counting or parsing changes what a file yields: every cached file and report is then redone. */
export const COST_PARSER_VERSION = 3;
