// Run a Python script in Pyodide under Node: node run.mjs <wheels dir>... -- <notebooks dir> <script>
// Every wheel is unpacked into site-packages first (what micropip does in the browser), the
// notebooks are copied to /notebooks, and the script's last expression is printed.
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const [notebooks, script] = args.slice(split + 1);
const pyodide = await loadPyodide();
pyodide.FS.mkdirTree("/wheels");
for (const dir of args.slice(0, split)) {
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".whl"))) {
    pyodide.FS.writeFile(`/wheels/${name}`, fs.readFileSync(path.join(dir, name)));
  }
}
pyodide.FS.mkdirTree("/notebooks");
for (const name of fs.readdirSync(notebooks).filter((n) => n.endsWith(".ipynb"))) {
  pyodide.FS.writeFile(`/notebooks/${name}`, fs.readFileSync(path.join(notebooks, name)));
}
console.log("KERNEL-CHECK " + await pyodide.runPythonAsync(fs.readFileSync(script, "utf8")));
