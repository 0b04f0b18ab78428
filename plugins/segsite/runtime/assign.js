// segsite's one experiment assignment (experiments.py says the arithmetic
// and keeps its Python twin): which arm of an experiment a device gets. The
// inline head script of pages with an experiment, the Cloudflare Worker and
// the Netlify function all carry this file; tests/fixtures/assignment_cases.yaml
// holds the cases every runtime must agree on. ES5 and free of the DOM.
//
// experiment: {id, arms: [[arm id, cumulative upper bound], ...]} (the last
// bound is 1); device: the device's random id (ASCII).
function assignArm(experiment, device) {
  var text = experiment.id + ":" + device,
    h = 2166136261, // FNV-1a offset basis
    mul = Math.imul, // 32-bit multiplication
    arm;
  for (var i = 0; i < text.length; i++) h = mul(h ^ text.charCodeAt(i), 16777619);
  // MurmurHash3's fmix32: the last characters move the high bits too.
  h = mul(h ^ (h >>> 16), 2246822507);
  h = mul(h ^ (h >>> 13), 3266489909);
  h = ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  experiment.arms.some(function (a) {
    arm = a[0];
    return h < a[1];
  });
  return arm;
}
