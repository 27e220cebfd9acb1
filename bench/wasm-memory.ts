/**
 * Oxigraph's JS package keeps its WebAssembly memory private. To report how much of the 4 GiB address space
 * an archive uses, this wraps `WebAssembly.Instance` before the package is first loaded and keeps the exported
 * memory. Measurement only: import this module before anything imports `oxigraph`.
 */
type Exports = Record<string, unknown>;

const memories: WebAssembly.Memory[] = [];
const Original = WebAssembly.Instance;

function Capturing(this: unknown, module: WebAssembly.Module, imports?: WebAssembly.Imports): WebAssembly.Instance {
  const instance = new Original(module, imports);
  const memory = (instance.exports as Exports).memory;
  if (memory instanceof WebAssembly.Memory) memories.push(memory);
  return instance;
}
Capturing.prototype = Original.prototype;
(WebAssembly as { Instance: unknown }).Instance = Capturing;

/** Bytes of WebAssembly memory the engine has grown to (it never shrinks); 0 when not captured. */
export function wasmMemoryBytes(): number {
  return memories.reduce((n, m) => n + m.buffer.byteLength, 0);
}
