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
