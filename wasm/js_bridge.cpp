#include "js_bridge.h"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

// The bodies are plain ES5 (WeChat's runtime and Emscripten's JS optimizer both accept it) and
// use only glue-scope names: Emval, HEAPU8, _malloc, UTF8ToString, stringToUTF8, lengthBytesUTF8.

EM_JS(int, dl_js_read_string_member, (EM_VAL object, const char* key, char* out, int capacity), {
  /* Keys are C string literals: their addresses never change, so each is decoded once. */
  var keys = dl_js_read_string_member.keys || (dl_js_read_string_member.keys = {});
  var name = keys[key] || (keys[key] = UTF8ToString(key));
  var value = Emval.toValue(object)[name];
  if (value === undefined || value === null) return -1;
  if (typeof value !== "string") return -2;
  var length = lengthBytesUTF8(value);
  if (length < capacity) stringToUTF8(value, out, capacity);
  return length;
});

EM_JS(uint8_t*, dl_js_encode_value, (EM_VAL handle, int* lengthOut, int* failedOut), {
  /* The encoder is made on the first call and kept: its scratch buffer is reused (and zeroed after
     every use: a value may carry a key or a PIN), and the path of a member is spelled out only when
     a refusal names it. A fresh buffer, DataView, closures and path strings on every call were most
     of the cost of a small call. */
  var encode = dl_js_encode_value.encode;
  if (!encode) encode = dl_js_encode_value.encode = (function () {
    var buffer = new Uint8Array(1024), view = new DataView(buffer.buffer), pos = 0, trail = [];
    function room(n) {
      if (pos + n <= buffer.length) return;
      var grown = new Uint8Array(Math.max(buffer.length * 2, pos + n));
      grown.set(buffer.subarray(0, pos));
      buffer.fill(0, 0, pos);
      buffer = grown;
      view = new DataView(buffer.buffer);
    }
    function u32(n) { room(4); view.setUint32(pos, n, true); pos += 4; }
    function text(s) {
      var n = lengthBytesUTF8(s);
      u32(n);
      room(n + 1);
      stringToUTF8Array(s, buffer, pos, n + 1);
      pos += n;
    }
    function failure(reason) {
      var path = "", i, key;
      for (i = 0; i < trail.length; i++) {
        key = trail[i];
        path += typeof key === "number" ? "[" + key + "]" : path ? "." + key : key;
      }
      return { doorlockPath: path, doorlockReason: reason };
    }
    function write(value, depth) {
      if (depth > 32) throw failure("is nested too deeply");
      room(9);
      switch (typeof value) {
        case "undefined": buffer[pos++] = 0; return;
        case "boolean": buffer[pos++] = value ? 2 : 1; return;
        case "number":
          if (!isFinite(value)) throw failure("must be a finite number");
          buffer[pos++] = 3;
          view.setFloat64(pos, value, true);
          pos += 8;
          return;
        case "string": buffer[pos++] = 4; text(value); return;
        case "bigint": throw failure("BigInt is not accepted: pass a number or a numeric string");
        case "object": break;
        default: throw failure("must be plain data, got a " + typeof value);
      }
      if (value === null) { buffer[pos++] = 0; return; }
      var bytes = value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
      var i, n;
      if (bytes) {
        buffer[pos++] = 5;
        u32(bytes.length);
        room(bytes.length);
        buffer.set(bytes, pos);
        pos += bytes.length;
        return;
      }
      if (Array.isArray(value)) {
        buffer[pos++] = 6;
        u32(value.length);
        for (i = 0; i < value.length; i++) {
          trail.push(i);
          write(value[i], depth + 1);
          trail.pop();
        }
        return;
      }
      var tag = Object.prototype.toString.call(value);
      if (tag !== "[object Object]") throw failure("must be plain data, got " + tag);
      var keys = Object.keys(value), count = 0;
      for (i = 0; i < keys.length; i++) {
        if (value[keys[i]] !== undefined) count++; /* undefined is JavaScript's "not given" */
      }
      buffer[pos++] = 7;
      u32(count);
      for (i = 0, n = keys.length; i < n; i++) {
        if (value[keys[i]] === undefined) continue;
        text(keys[i]);
        trail.push(keys[i]);
        write(value[keys[i]], depth + 1);
        trail.pop();
      }
    }
    /* -> heap pointer of the encoding (its length in *lengthOut), or throws a failure record. */
    return function (value, lengthOut) {
      pos = 0;
      trail.length = 0;
      try {
        write(value, 0);
        var ptr = _malloc(pos || 1);
        HEAPU8.set(buffer.subarray(0, pos), ptr);
        HEAP32[lengthOut >> 2] = pos;
        return ptr;
      } finally {
        buffer.fill(0, 0, pos);
      }
    };
  })();
  HEAP32[failedOut >> 2] = 0;
  try {
    return encode(Emval.toValue(handle), lengthOut);
  } catch (e) {
    /* Arguments arrive as plain data copied on the JS side (js/src/plain-data.mjs), so nothing of
       the caller's runs here; should anything throw regardless, it is reported, never rethrown
       through the C++ frames below. */
    var report = e && e.doorlockPath !== undefined ? e : { doorlockPath: "", doorlockReason: "could not be read" };
    var message = report.doorlockPath + "\n" + report.doorlockReason, size = lengthBytesUTF8(message);
    var out = _malloc(size + 1);
    stringToUTF8(message, out, size + 1);
    HEAP32[lengthOut >> 2] = size;
    HEAP32[failedOut >> 2] = 1;
    return out;
  }
});

EM_JS(EM_VAL, dl_js_decode_value, (const uint8_t* data, int length), {
  /* The decoder is made on the first call and kept, with a DataView that is made again only when
     the memory has grown (HEAPU8 is then a new array): closures and a DataView made on every call
     were a good part of the cost of a small result. */
  var decode = dl_js_decode_value.decode;
  if (!decode) decode = dl_js_decode_value.decode = (function () {
    var heap = null, view = null, pos = 0, end = 0;
    function u32() { var n = view.getUint32(pos, true); pos += 4; return n; }
    /* The glue's UTF8ArrayToString stops at a NUL byte; a string of the core may hold one (a
       string DP, a cloud answer), so a string with NULs is decoded piece by piece around them. */
    function text() {
      var n = u32(), start = pos, end = pos + n, at = start, s = "";
      pos = end;
      while (at < end && heap[at] !== 0) at++;
      if (at === end) return UTF8ArrayToString(heap, start, n);
      for (;;) {
        s += UTF8ArrayToString(heap, start, at - start);
        if (at === end) return s;
        s += String.fromCharCode(0);
        start = ++at;
        while (at < end && heap[at] !== 0) at++;
      }
    }
    function read() {
      if (pos >= end) throw new Error("doorlock: truncated value");
      var tag = heap[pos++], n, out, i;
      switch (tag) {
        case 0: return null;
        case 1: return false;
        case 2: return true;
        case 3: n = view.getFloat64(pos, true); pos += 8; return n;
        case 4: return text();
        case 5: n = u32(); out = heap.slice(pos, pos + n); pos += n; return out;
        case 6: n = u32(); out = new Array(n); for (i = 0; i < n; i++) out[i] = read(); return out;
        case 7:
          n = u32();
          out = {};
          for (i = 0; i < n; i++) {
            var key = text();
            /* A member named __proto__ (a cloud answer may carry one) stays a member: assigning it
               would replace the object's prototype. */
            if (key === "__proto__") Object.defineProperty(out, key, { value: read(), writable: true, enumerable: true, configurable: true });
            else out[key] = read();
          }
          return out;
      }
      throw new Error("doorlock: bad value tag " + tag);
    }
    return function (data, length) {
      if (heap !== HEAPU8) {
        heap = HEAPU8;
        view = new DataView(heap.buffer);
      }
      pos = data;
      end = data + length;
      return read();
    };
  })();
  return Emval.toHandle(decode(data, length));
});

EM_JS(void, dl_js_define_hidden, (EM_VAL object, const char* key, EM_VAL value), {
  Object.defineProperty(Emval.toValue(object), UTF8ToString(key), { value: Emval.toValue(value) });
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
