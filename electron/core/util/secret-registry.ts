// Every token, API key and cookie value QuotaBar reads is registered here the moment it is read.
// Loggers and error constructors scrub registered values, a safety net behind the rule that
// secrets are never put into messages in the first place.

const secrets = new Set<string>();
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  // Bearer headers and cookie headers are redacted even when the value was never registered.
  out = out.replace(/(authorization\s*[:=]\s*)(bearer\s+)?[^\s",;]+/gi, '$1$2[redacted]');
  out = out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]');
  return out;
}

/** For tests: forget everything registered. */
export function clearSecretsForTesting(): void {
  secrets.clear();
}
