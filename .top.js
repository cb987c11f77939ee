const fs = require('fs'); const dir = '/tmp/fastscratch/prof'; const f = fs.readdirSync(dir).map(x=>dir+'/'+x).sort((a,b)=>fs.statSync(b).mtimeMs-fs.statSync(a).mtimeMs)[0];
const p = JSON.parse(fs.readFileSync(f)); const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = p.timeDeltas; const counts = new Map(); p.samples.forEach((s, i) => counts.set(s, (counts.get(s) || 0) + (dt[i] || 0)));
for (const [id, t] of counts) { const n = byId.get(id); const key = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-2).join('/') + ':' + n.callFrame.lineNumber; self.set(key, (self.get(key) || 0) + t); }
const tot = [...self.values()].reduce((a, b) => a + b, 0);
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, t]) => console.log((100 * t / tot).toFixed(1) + '%', (t/1000).toFixed(0)+'ms', k));
