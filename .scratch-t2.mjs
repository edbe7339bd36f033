import { parse as csv } from 'csv-parse/sync';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'tldts';
const dir = '../shared/data/jpcert-phishurl/';
const urls = [];
for (const f of readdirSync(dir).filter(f=>f.endsWith('.csv'))) for (const r of csv(readFileSync(dir+f), {columns:true, relax_column_count:true, bom:true})) urls.push(r.URL);
console.log(urls.length);
const subs = new Map(); const regs = new Map(); let bad=0;
for (const u of urls) { let h; try { h = new URL(u).hostname } catch { bad++; continue }
 const p = parse(h, {allowPrivateDomains:true});
 regs.set(p.domain, (regs.get(p.domain)||0)+1);
 if (p.subdomain) for (const l of p.subdomain.split('.')) subs.set(l, (subs.get(l)||0)+1);
}
console.log('bad', bad);
console.log([...regs].sort((a,b)=>b[1]-a[1]).slice(0,60).map(x=>x.join(':')).join(' '));
const arr=[...subs.keys()]; 
// sample
for (let i=0;i<200;i++) process.stdout.write(arr[Math.floor(Math.random()*arr.length)]+' ');
console.log();
console.log([...subs].sort((a,b)=>b[1]-a[1]).slice(0,80).map(x=>x.join(':')).join(' '));
