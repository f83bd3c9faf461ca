// Sets a Typst file as PDF with the Typst compiler of the npm package
// @myriaddreamin/typst-ts-node-compiler, for `make bench` (bench_peers.py
// times this whole process, Node's start-up included, as it times the
// other tools' commands).
//
//   node typst-pdf.js MODULE_DIR FONTS_DIR IN.typ OUT.pdf   prints the page count
//   node typst-pdf.js MODULE_DIR FONTS_DIR --version        prints Typst's version
//
// MODULE_DIR is the installed package (make bench-peers-setup puts it in
// out/peers/node_modules/...); FONTS_DIR is the checkout's fonts/, so that
// Typst sets the same Noto faces as hejapack, found without the network.
'use strict';
const fs = require('fs');
const path = require('path');

const [moduleDir, fontsDir, input, output] = process.argv.slice(2);
if (!moduleDir || !fontsDir || !input || (input !== '--version' && !output)) {
	process.stderr.write('usage: typst-pdf.js MODULE_DIR FONTS_DIR IN.typ OUT.pdf | --version\n');
	process.exit(2);
}
const { NodeCompiler } = require(path.resolve(moduleDir));
const compiler = NodeCompiler.create({
	workspace: path.dirname(path.resolve(input === '--version' ? '.' : input)),
	fontArgs: [{ fontPaths: [path.resolve(fontsDir)] }],
});

if (input === '--version') {
	const v = compiler.query({ mainFileContent: '#metadata(str(sys.version)) <v>' }, { selector: '<v>', field: 'value' });
	process.stdout.write(`${v[0]}\n`);
	process.exit(0);
}

const result = compiler.compile({ mainFilePath: path.resolve(input) });
const doc = result.result;
if (result.hasError() || !doc) {
	result.printErrors();
	process.exit(1);
}
fs.writeFileSync(output, compiler.pdf(doc));
process.stdout.write(`${doc.numOfPages}\n`);
