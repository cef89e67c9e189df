// Prepended to the Emscripten glue, inside the module factory.
// WeChat mini programs have WXWebAssembly but no global WebAssembly, which the glue checks for and
// uses for its error type. The wechat loader passes a stand-in as Module.wasmApi (and instantiates
// through Module.instantiateWasm); every other host keeps its own WebAssembly.
var WebAssembly = Module["wasmApi"] || (
  typeof globalThis == "object" ? globalThis :
  typeof self == "object" ? self :
  typeof window == "object" ? window :
  typeof global == "object" ? global : {}
).WebAssembly;

// Node's TextDecoder loads an ICU converter when it is constructed: about a millisecond for each
// of the two the glue makes at start-up (UTF-8 and UTF-16LE), although most programs never decode
// a string longer than the glue's cutoff for using it. This stand-in makes the real decoder on its
// first decode. Hosts without TextDecoder (WeChat) still have none.
var TextDecoder = (function (HostTextDecoder) {
  if (typeof HostTextDecoder != "function") return undefined;
  return function LazyTextDecoder(label) {
    var decoder;
    this.decode = function (bytes) {
      return (decoder || (decoder = new HostTextDecoder(label))).decode(bytes);
    };
  };
})(typeof globalThis == "object" ? globalThis.TextDecoder : undefined);
