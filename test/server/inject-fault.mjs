// Preloaded into the language server process (`node --import`) by lsp-fault-containment.test.ts: an I/O error
// (EIO, as a failing disk or network mount gives) on any lstat of a path naming INJECT-FAULT. Real files cannot be
// made to fail this way on demand; everything else in the server is the real bundle.
import fs from 'node:fs';

const lstatSync = fs.lstatSync;
fs.lstatSync = function (p, ...rest) {
  if (String(p).includes('INJECT-FAULT'))
    throw Object.assign(new Error(`EIO: i/o error, lstat '${String(p)}'`), { code: 'EIO', errno: -5 });
  return lstatSync.call(this, p, ...rest);
};
