// Appended to the Emscripten glue, inside the module factory.
// With JavaScript-based C++ exceptions every call that may throw goes through an invoke_*
// trampoline, and Emscripten 3.1.6 looks the callee up with WebAssembly.Table.get on each one.
// The table never changes after instantiation (no dynamic linking, no addFunction), so a mirror
// turns that into an array read: about a tenth of a small call's time.
var doorlockTableMirror = [];
getWasmTableEntry = function (funcPtr) {
  var fn = doorlockTableMirror[funcPtr];
  if (fn === undefined) fn = doorlockTableMirror[funcPtr] = wasmTable.get(funcPtr);
  return fn;
};
