import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
const dir='/work/shared/data/jpcert-phishurl/';
const want=new Set(process.argv.slice(2));
const tok=new Map();
for (const f of fs.readdirSync(dir).filter(f=>f.endsWith('.csv')).sort()){
  const recs=parse(fs.readFileSync(dir+f),{columns:true,relax_column_count:true,skip_empty_lines:true});
  for(const r of recs){ if(!want.has(r.description)) continue;
    let h; try{ h=new URL(r.URL).hostname }catch{ continue }
    const m=tok.get(r.description)??new Map(); tok.set(r.description,m);
    for(const t of new Set(h.split(/[.\-]/))) m.set(t,(m.get(t)??0)+1);
  }
}
for(const [k,m] of tok){ console.log('## '+k, [...m].sort((a,b)=>b[1]-a[1]).slice(0,45).map(([t,c])=>t+':'+c).join(' ')); }
