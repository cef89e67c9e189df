#include "js_bridge.h"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

// The bodies are plain ES5 (WeChat's runtime and Emscripten's JS optimizer both accept it) and
// use only glue-scope names: Emval, HEAPU8, _malloc, UTF8ToString, stringToUTF8, lengthBytesUTF8.

EM_JS(int, dl_js_read_string_member, (EM_VAL object, const char* key, char* out, int capacity), {
  var value = Emval.toValue(object)[UTF8ToString(key)];
  if (value === undefined || value === null) return -1;
  if (typeof value !== "string") return -2;
  var length = lengthBytesUTF8(value);
  if (length < capacity) stringToUTF8(value, out, capacity);
  return length;
});

EM_JS(char*, dl_js_to_json, (EM_VAL handle, int* lengthOut, int* failedOut), {
  var hex = "0123456789abcdef";
  function bytesJson(view) {
    var s = "{\"$bytes\":\"";
    for (var i = 0; i < view.length; i++) s += hex[view[i] >> 4] + hex[view[i] & 15];
    return s + "\"}";
  }
  function failure(path, reason) { return { doorlockPath: path, doorlockReason: reason }; }
  function walk(value, path, depth) {
    if (depth > 32) throw failure(path, "is nested too deeply");
    switch (typeof value) {
      case "string": return JSON.stringify(value);
      case "boolean": return value ? "true" : "false";
      case "undefined": return "null";
      case "number":
        if (!isFinite(value)) throw failure(path, "must be a finite number");
        return JSON.stringify(value);
      case "bigint": throw failure(path, "BigInt is not accepted: pass a number or a numeric string");
      case "object": break;
      default: throw failure(path, "must be plain data, got a " + typeof value);
    }
    if (value === null) return "null";
    if (value instanceof Uint8Array) return bytesJson(value);
    if (value instanceof ArrayBuffer) return bytesJson(new Uint8Array(value));
    var i, parts = [];
    if (Array.isArray(value)) {
      for (i = 0; i < value.length; i++) parts.push(walk(value[i], path + "[" + i + "]", depth + 1));
      return "[" + parts.join(",") + "]";
    }
    var tag = Object.prototype.toString.call(value);
    if (tag !== "[object Object]") throw failure(path, "must be plain data, got " + tag);
    var keys = Object.keys(value);
    for (i = 0; i < keys.length; i++) {
      var member = value[keys[i]];
      if (member === undefined) continue; /* JavaScript's "not given" */
      parts.push(JSON.stringify(keys[i]) + ":" + walk(member, path ? path + "." + keys[i] : keys[i], depth + 1));
    }
    return "{" + parts.join(",") + "}";
  }
  var text;
  HEAP32[failedOut >> 2] = 0;
  try {
    text = walk(Emval.toValue(handle), "", 0);
  } catch (e) {
    if (!e || e.doorlockPath === undefined) throw e;
    text = e.doorlockPath + "\n" + e.doorlockReason;
    HEAP32[failedOut >> 2] = 1;
  }
  var size = lengthBytesUTF8(text);
  var ptr = _malloc(size + 1);
  stringToUTF8(text, ptr, size + 1);
  HEAP32[lengthOut >> 2] = size;
  return ptr;
});

EM_JS(EM_VAL, dl_js_from_json, (const char* text, int length, int hasBytes), {
  var source = UTF8ToString(text, length);
  if (!hasBytes) return Emval.toHandle(JSON.parse(source));
  return Emval.toHandle(JSON.parse(source, function (key, value) {
    if (value !== null && typeof value === "object" && typeof value.$bytes === "string") {
      var hex = value.$bytes, out = new Uint8Array(hex.length / 2);
      for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
      return out;
    }
    return value;
  }));
});

EM_JS(EM_VAL, dl_js_bytes, (const uint8_t* data, int length), {
  return Emval.toHandle(HEAPU8.slice(data, data + length));
});

EM_JS(uint8_t*, dl_js_read_bytes, (EM_VAL handle, int* lengthOut), {
  var value = Emval.toValue(handle), view, i;
  if (value instanceof Uint8Array) view = value;
  else if (value instanceof ArrayBuffer) view = new Uint8Array(value);
  else if (Array.isArray(value)) {
    for (i = 0; i < value.length; i++) {
      var item = value[i];
      if (typeof item !== "number" || !(item >= 0 && item <= 255) || Math.floor(item) !== item) {
        HEAP32[lengthOut >> 2] = -2 - i;
        return 0;
      }
    }
    view = value;
  } else {
    HEAP32[lengthOut >> 2] = -1;
    return 0;
  }
  var ptr = _malloc(view.length || 1);
  HEAPU8.set(view, ptr);
  HEAP32[lengthOut >> 2] = view.length;
  return ptr;
});

EM_JS(int, dl_js_is_plain_object, (EM_VAL handle), {
  var value = Emval.toValue(handle);
  return value !== null && typeof value === "object" && Object.prototype.toString.call(value) === "[object Object]" ? 1 : 0;
});
