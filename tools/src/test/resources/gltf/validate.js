// Runs the Khronos glTF validator (npm package gltf-validator) on one .glb and prints its report's
// summary as one JSON line. Exit 0: no errors; 1: errors; 2: the validator failed; 3: the package is
// not installed (GltfValidator then says so and the test keeps its own structural checks).
// Usage: NODE_PATH=<folder holding node_modules/gltf-validator's parent> node validate.js FILE.glb
'use strict';
const fs = require('fs');

let validator;
try {
  validator = require('gltf-validator');
} catch (e) {
  console.log(JSON.stringify({ absent: String(e.code || e) }));
  process.exit(3);
}

const file = process.argv[2];
validator.validateBytes(new Uint8Array(fs.readFileSync(file)), { format: 'glb', maxIssues: 100 })
  .then((report) => {
    console.log(JSON.stringify({
      validatorVersion: report.validatorVersion,
      issues: report.issues,
      info: report.info,
    }));
    process.exit(report.issues.numErrors > 0 ? 1 : 0);
  })
  .catch((e) => {
    console.error(String(e));
    process.exit(2);
  });
