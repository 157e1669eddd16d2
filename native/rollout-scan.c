// The cost scan's hot loops in C, for a first scan: walking the lines of a chunk to the next one the scan
// needs, and reading a token_count event's numbers and a turn_context's model in Codex's own layout. Each
// mirrors its TypeScript (rollout-line-classifier.ts, token-count-fast-path.ts, turn-context-fast-path.ts)
// decision for decision; anything unusual is answered "not here" and the TypeScript decides, so results
// cannot differ. Every read is bounds-checked against the range given. Only Node-API is used, so one build
// serves Node and Electron alike.
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HEAD_BYTES 512

enum { KIND_OTHER = 0, KIND_TOKEN_COUNT = 1, KIND_TURN_CONTEXT = 2, KIND_SESSION_META = 3, KIND_UNKNOWN = 4, KIND_EVENT_MSG = 5 };

static int matches_at(const uint8_t *buf, size_t at, size_t end, const char *needle, size_t len) {
  if (at + len > end) return 0;
  return memcmp(buf + at, needle, len) == 0;
}

#define MATCHES(buf, at, end, lit) matches_at((buf), (at), (end), (lit), sizeof(lit) - 1)

/** Index of needle in [from, to), or -1 (the short needles of a line's head). */
static ptrdiff_t find_near(const uint8_t *buf, size_t from, size_t to, const char *needle, size_t len) {
  if (to < from + len) return -1;
  for (size_t i = from; i + len <= to; i++) {
    if (buf[i] == (uint8_t)needle[0] && memcmp(buf + i, needle, len) == 0) return (ptrdiff_t)i;
  }
  return -1;
}

static int contains(const uint8_t *buf, size_t from, size_t to, const char *needle, size_t len) {
  const uint8_t first = (uint8_t)needle[0];
  size_t i = from;
  while (i + len <= to) {
    const uint8_t *hit = memchr(buf + i, first, to - len + 1 - i);
    if (hit == NULL) return 0;
    i = (size_t)(hit - buf);
    if (memcmp(buf + i, needle, len) == 0) return 1;
    i++;
  }
  return 0;
}

static int value_at(const uint8_t *buf, size_t at, size_t end) {
  if (MATCHES(buf, at, end, "response_item\"")) return KIND_OTHER;
  if (MATCHES(buf, at, end, "event_msg\"")) return KIND_EVENT_MSG;
  if (MATCHES(buf, at, end, "token_count\"")) return KIND_TOKEN_COUNT;
  if (MATCHES(buf, at, end, "turn_context\"")) return KIND_TURN_CONTEXT;
  if (MATCHES(buf, at, end, "session_meta\"")) return KIND_SESSION_META;
  if (MATCHES(buf, at, end, "compacted\"")) return KIND_OTHER;
  return -1;
}

/** classifyLineHead, then the scanner's whole-line look for an inconclusive head. */
static int classify(const uint8_t *buf, size_t start, size_t end) {
  const size_t head_end = end < start + HEAD_BYTES ? end : start + HEAD_BYTES;
  if (head_end - start < 2) return KIND_OTHER;
  ptrdiff_t first;
  if (MATCHES(buf, start, head_end, "{\"timestamp\":\"") && MATCHES(buf, start + 38, head_end, "\",\"type\":\"")) {
    first = (ptrdiff_t)(start + 40);
  } else {
    first = find_near(buf, start, head_end, "\"type\":\"", 8);
  }
  int kind = first < 0 ? -1 : value_at(buf, (size_t)first + 8, head_end);
  if (kind == KIND_EVENT_MSG) {
    const ptrdiff_t second = find_near(buf, (size_t)first + 8, head_end, "\"type\":\"", 8);
    if (second >= 0) return MATCHES(buf, (size_t)second + 8, head_end, "token_count\"") ? KIND_TOKEN_COUNT : KIND_OTHER;
    kind = -1;
  }
  if (kind >= 0) return kind;
  if (contains(buf, start, end, "token_count", 11) || contains(buf, start, end, "turn_context", 12) ||
      contains(buf, start, end, "session_meta", 12)) {
    return KIND_UNKNOWN;
  }
  return KIND_OTHER;
}

/** At most 15 digits (as the TypeScript reads them exactly as doubles); the index after them, or 0. */
static size_t read_count(const uint8_t *buf, size_t at, size_t end, double *value) {
  double v = 0;
  size_t i = at;
  while (i < end && buf[i] >= '0' && buf[i] <= '9' && i - at < 15) {
    v = v * 10 + (buf[i] - '0');
    i++;
  }
  if (i == at || (i < end && buf[i] >= '0' && buf[i] <= '9')) return 0;
  *value = v;
  return i;
}

static int read_digits(const uint8_t *buf, size_t at, size_t count, int *value) {
  int v = 0;
  for (size_t i = 0; i < count; i++) {
    const uint8_t c = buf[at + i];
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return 1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12; any day, as Date.UTC counts on). */
static double days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (double)era * 146097 + doe - 719468;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]Z"` at `at`: epoch ms into *ms, and the index after the closing quote. */
static size_t read_timestamp(const uint8_t *buf, size_t at, size_t end, double *ms) {
  int year, month, day, hour, minute, second;
  if (at + 21 > end) return 0;
  if (!read_digits(buf, at, 4, &year) || buf[at + 4] != '-' || !read_digits(buf, at + 5, 2, &month) || buf[at + 7] != '-' ||
      !read_digits(buf, at + 8, 2, &day) || buf[at + 10] != 'T' || !read_digits(buf, at + 11, 2, &hour) || buf[at + 13] != ':' ||
      !read_digits(buf, at + 14, 2, &minute) || buf[at + 16] != ':' || !read_digits(buf, at + 17, 2, &second)) {
    return 0;
  }
  // Date.UTC reads years 0-99 as 1900-1999, and rolls months over: such dates are left to the TypeScript.
  if (year < 100 || month < 1 || month > 12) return 0;
  size_t i = at + 19;
  int millis = 0;
  if (i < end && buf[i] == '.') {
    i++;
    const size_t from = i;
    while (i < end && buf[i] >= '0' && buf[i] <= '9' && i - from < 9) {
      if (i - from < 3) millis = millis * 10 + (buf[i] - '0');
      i++;
    }
    if (i == from) return 0;
    for (size_t n = i - from; n < 3; n++) millis *= 10;
  }
  if (i + 1 >= end || buf[i] != 'Z' || buf[i + 1] != '"') return 0;
  *ms = days_from_civil(year, month, day) * 86400000.0 + hour * 3600000.0 + minute * 60000.0 + second * 1000.0 + millis;
  return i + 2;
}

static const char *const USAGE_KEYS[5] = {
    "{\"input_tokens\":", ",\"cached_input_tokens\":", ",\"output_tokens\":", ",\"reasoning_output_tokens\":", ",\"total_tokens\":",
};

/** One usage object in Codex's key order into out[0..4]; the index after its closing brace, or 0. */
static size_t read_usage(const uint8_t *buf, size_t at, size_t end, double *out) {
  for (int k = 0; k < 5; k++) {
    const size_t len = strlen(USAGE_KEYS[k]);
    if (!matches_at(buf, at, end, USAGE_KEYS[k], len)) return 0;
    at = read_count(buf, at + len, end, &out[k]);
    if (at == 0) return 0;
  }
  return at < end && buf[at] == '}' ? at + 1 : 0;
}

/**
 * A token_count line in Codex's own layout: out = [timestamp ms, the five totals, the five last]. Without
 * need_last it stops after total_token_usage (as the TypeScript does then); with it, the rest of `info` must
 * be last_token_usage and model_context_window, each optional, in that order. Returns 2 with last, 1
 * without it, 0 when the line is laid out any other way.
 */
static int read_token_count(const uint8_t *buf, size_t start, size_t end, int need_last, double *out) {
  static const char MIDDLE[] = ",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":";
  static const char LAST[] = ",\"last_token_usage\":";
  static const char WINDOW[] = ",\"model_context_window\":";
  if (!MATCHES(buf, start, end, "{\"timestamp\":\"")) return 0;
  size_t at = read_timestamp(buf, start + 14, end, &out[0]);
  if (at == 0 || !matches_at(buf, at, end, MIDDLE, sizeof(MIDDLE) - 1)) return 0;
  at = read_usage(buf, at + sizeof(MIDDLE) - 1, end, &out[1]);
  if (at == 0) return 0;
  if (!need_last) return 1;
  int found = 1;
  if (matches_at(buf, at, end, LAST, sizeof(LAST) - 1)) {
    at = read_usage(buf, at + sizeof(LAST) - 1, end, &out[6]);
    if (at == 0) return 0;
    found = 2;
  }
  if (matches_at(buf, at, end, WINDOW, sizeof(WINDOW) - 1)) {
    at += sizeof(WINDOW) - 1;
    double window;
    if (MATCHES(buf, at, end, "null")) at += 4;
    else if ((at = read_count(buf, at, end, &window)) == 0) return 0;
  }
  return at < end && buf[at] == '}' ? found : 0;
}

/** Index just past the JSON string starting at buf[i] == '"', or 0. */
static size_t skip_string(const uint8_t *buf, size_t i, size_t end) {
  for (i++; i < end; i++) {
    if (buf[i] == '\\') i++;
    else if (buf[i] == '"') return i + 1;
  }
  return 0;
}

/** Index just past the JSON value at i (string, object, array; else up to the next ',' or '}'), or 0. */
static size_t skip_value(const uint8_t *buf, size_t i, size_t end) {
  if (i >= end) return 0;
  const uint8_t c = buf[i];
  if (c == '"') return skip_string(buf, i, end);
  if (c == '{' || c == '[') {
    size_t depth = 0;
    while (i < end) {
      const uint8_t d = buf[i];
      if (d == '"') {
        i = skip_string(buf, i, end);
        if (i == 0) return 0;
        continue;
      }
      if (d == '{' || d == '[') depth++;
      else if (d == '}' || d == ']') {
        depth--;
        if (depth == 0) return i + 1;
      }
      i++;
    }
    return 0;
  }
  while (i < end && buf[i] != ',' && buf[i] != '}') i++;
  return i < end ? i : 0;
}

/**
 * A turn_context line in Codex's own layout: out = [timestamp ms, start and end of the model's bytes], found
 * by walking the payload's top-level keys as turn-context-fast-path.ts does. Returns 1, or 0 for anything
 * else (no model, an escaped one, another layout).
 */
static int read_turn_context(const uint8_t *buf, size_t start, size_t end, double *out) {
  static const char AFTER_TIMESTAMP[] = ",\"type\":\"turn_context\",\"payload\":{";
  if (!MATCHES(buf, start, end, "{\"timestamp\":\"")) return 0;
  const size_t after = read_timestamp(buf, start + 14, end, &out[0]);
  // The TypeScript reads the payload from its place after a 24-character timestamp.
  if (after != start + 39 || !matches_at(buf, after, end, AFTER_TIMESTAMP, sizeof(AFTER_TIMESTAMP) - 1)) return 0;
  size_t i = after + sizeof(AFTER_TIMESTAMP) - 1;
  while (i < end && buf[i] == '"') {
    const size_t key_end = skip_string(buf, i, end);
    if (key_end == 0 || key_end >= end || buf[key_end] != ':') return 0;
    const int is_model = key_end - i - 2 == 5 && memcmp(buf + i + 1, "model", 5) == 0;
    const size_t value_start = key_end + 1;
    const size_t value_end = skip_value(buf, value_start, end);
    if (value_end == 0) return 0;
    if (is_model) {
      if (buf[value_start] != '"') return 0;
      if (memchr(buf + value_start + 1, '\\', value_end - 1 - (value_start + 1)) != NULL) return 0;
      out[1] = (double)(value_start + 1);
      out[2] = (double)(value_end - 1);
      return 1;
    }
    if (value_end >= end || buf[value_end] != ',') return 0;
    i = value_end + 1;
  }
  return 0;
}

/** A typed array of the given type: its data and element count. */
static int typed_arg(napi_env env, napi_value value, napi_typedarray_type expected, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset) != napi_ok) return 0;
  return type == expected;
}

/** Every function takes (bytes, from, to, …, out): the bytes, a range within them, and where to answer. */
typedef struct {
  uint8_t *bytes;
  size_t from;
  size_t to;
  double *out;
} call_args;

/**
 * Reads the arguments of a call with `argc` of them (out last, at least `out_length` long) into *args, and
 * the raw ones into argv. Returns 0 after throwing a TypeError.
 */
static int call_args_of(napi_env env, napi_callback_info info, size_t argc, napi_value *argv, size_t out_length, call_args *args) {
  size_t given = argc;
  size_t length, outs;
  void *bytes, *out;
  double a, b;
  if (napi_get_cb_info(env, info, &given, argv, NULL, NULL) != napi_ok || given < argc) {
    napi_throw_type_error(env, NULL, "too few arguments");
    return 0;
  }
  if (!typed_arg(env, argv[0], napi_uint8_array, &bytes, &length) || napi_get_value_double(env, argv[1], &a) != napi_ok ||
      napi_get_value_double(env, argv[2], &b) != napi_ok || !(a >= 0 && b >= a && b <= (double)length)) {
    napi_throw_type_error(env, NULL, "bytes and a range within them expected");
    return 0;
  }
  if (!typed_arg(env, argv[argc - 1], napi_float64_array, &out, &outs) || outs < out_length) {
    napi_throw_type_error(env, NULL, "a Float64Array long enough for the answer expected");
    return 0;
  }
  args->bytes = bytes;
  args->from = (size_t)a;
  args->to = (size_t)b;
  args->out = out;
  return 1;
}

static napi_value number(napi_env env, double value) {
  napi_value result;
  napi_create_double(env, value, &result);
  return result;
}

/**
 * nextRelevantLine(bytes, from, to, out): the complete lines (ending in a newline) of bytes[from, to) are
 * walked to the first one the scan needs. Found: returns its start, with out[0] = kind, out[1] = the index
 * of its newline. None: returns -1 - (the index after the last complete line).
 */
static napi_value next_relevant_line(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  call_args args;
  if (!call_args_of(env, info, 4, argv, 2, &args)) return NULL;
  size_t pos = args.from;
  while (pos < args.to) {
    const uint8_t *nl = memchr(args.bytes + pos, '\n', args.to - pos);
    if (nl == NULL) break;
    const size_t end = (size_t)(nl - args.bytes);
    if (end > pos) {
      const int kind = classify(args.bytes, pos, end);
      if (kind != KIND_OTHER) {
        args.out[0] = kind;
        args.out[1] = (double)end;
        return number(env, (double)pos);
      }
    }
    pos = end + 1;
  }
  return number(env, -1.0 - (double)pos);
}

/** readTokenCount(bytes, start, end, needLast, out): see read_token_count. */
static napi_value read_token_count_js(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  call_args args;
  bool need_last;
  if (!call_args_of(env, info, 5, argv, 11, &args)) return NULL;
  if (napi_get_value_bool(env, argv[3], &need_last) != napi_ok) {
    napi_throw_type_error(env, NULL, "needLast: a boolean expected");
    return NULL;
  }
  return number(env, read_token_count(args.bytes, args.from, args.to, need_last, args.out));
}

/** readTurnContext(bytes, start, end, out): 1 with out[0..2] filled, or 0 (see read_turn_context). */
static napi_value read_turn_context_js(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  call_args args;
  if (!call_args_of(env, info, 4, argv, 3, &args)) return NULL;
  return number(env, read_turn_context(args.bytes, args.from, args.to, args.out));
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"nextRelevantLine", NULL, next_relevant_line, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readTokenCount", NULL, read_token_count_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readTurnContext", NULL, read_turn_context_js, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
