// Render one letter COUNT times with one engine, in this one process, as a user of the engine would:
//   node render.js docxtemplater|carbone TEMPLATE.docx DATA.json COUNT OUT_DIR
// Writes OUT_DIR/letter-<i>.docx and prints {"seconds": ...}: the time of the renders and writes
// alone (after node has started and loaded the engine); bench.py times the whole process too.
"use strict";

const fs = require("fs");
const path = require("path");

const [engine, template, dataFile, countText, outDir] = process.argv.slice(2);
const count = Number(countText);
const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));

function docxtemplater() {
  const PizZip = require("pizzip");
  const Docxtemplater = require("docxtemplater");
  const content = fs.readFileSync(template); // read once; unzipped and compiled per document
  return async (i) => {
    const zip = new PizZip(content);
    const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true });
    doc.render(data);
    const buffer = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
    fs.writeFileSync(path.join(outDir, `letter-${i}.docx`), buffer);
  };
}

function carbone() {
  const carbone = require("carbone");
  const render = (i) => new Promise((resolve, reject) => {
    carbone.render(template, data, {}, (err, buffer) => {
      if (err) {
        reject(new Error(String(err)));
        return;
      }
      fs.writeFileSync(path.join(outDir, `letter-${i}.docx`), buffer);
      resolve();
    });
  });
  return render;
}

async function main() {
  const renderOne = { docxtemplater, carbone }[engine]();
  fs.mkdirSync(outDir, { recursive: true });
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await renderOne(i); // one after another, as commsgen's pack does
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ seconds }) + "\n");
}

main().catch((err) => {
  process.stderr.write(`render.js: ${engine}: ${err.message}\n`);
  process.exit(1);
});
