import re,sys,collections
def parse(fn):
    txt=open(fn).read()
    for blk in txt.split('jdk.CPUTimeSample {')[1:]:
        m=re.search(r'samplingPeriod = ([\d.]+) ms',blk); w=float(m.group(1)) if m else 0
        th=re.search(r'eventThread = "([^"]*)"',blk); th=th.group(1) if th else '?'
        frames=[l.strip() for l in blk.split('stackTrace = [')[1].split(']')[0].split('\n') if l.strip()] if 'stackTrace = [' in blk else []
        frames=[re.sub(r'\(.*','',f) for f in frames]
        yield w,th,frames
RULES=[ # (name, predicate on joined stack) first match from this ordered list
 ('jfr itself', lambda s: 'jdk.jfr.' in s),
 ('picocli parse/model', lambda s: 'picocli.' in s and 'ServeCommand.call' not in s),
 ('logback init', lambda s: 'LoggingConfigurator' in s or ('ch.qos.logback' in s and 'ServeCommand.call' not in s)),
 ('config load', lambda s: 'CommonOptions.load' in s),
 ('crypto provider install (own thread)', lambda s: 'CryptoProviders' in s),
 ('Services.open: Database (H2/Hikari)', lambda s: 'Services.open' in s and 'storage.Database' in s),
 ('Services.open: other', lambda s: 'Services.open' in s),
 ('migrate check (AppliedMigrations)', lambda s: 'AppliedMigrations' in s or 'Database.migrate' in s),
 ('keys load', lambda s: 'KeyService' in s or 'KeyRing' in s),
 ('migrateAndLoadKeys other', lambda s: 'migrateAndLoadKeys' in s),
 ('housekeeping/denylist/statuslists start', lambda s: 'startHousekeeping' in s or 'DenyList' in s or 'StatusList' in s and 'Tokenbooth.start' in s),
 ('MetricsEndpoint.<init>', lambda s: 'MetricsEndpoint.<init>' in s),
 ('HttpServer.start (Jetty/Javalin)', lambda s: 'HttpServer.start' in s),
 ('endpoint objects', lambda s: 'Tokenbooth.start' in s),
 ('ready log line', lambda s: 'ServeCommand.call' in s),
 ('main: other (JVM/launcher)', lambda s: True),
]
def phase(th,frames):
    s=' '.join(frames)
    if th=='main':
        for n,p in RULES:
            if p(s): return n
    if 'crypto-provider' in th: return 'thread: crypto provider (ACCP load+self-test)'
    if 'connection-adder' in th: return 'thread: Hikari connection adder'
    if 'Jetty' in th or 'ForkJoin' in th: return 'thread: '+re.sub(r'\d+','N',th)+' (first requests)'
    return 'thread: '+re.sub(r'\d+','N',th)
tot=collections.Counter()
for fn in sys.argv[1:]:
    for w,th,fr in parse(fn):
        tot[phase(th,fr)]+=w/len(sys.argv[1:])
S=sum(tot.values())
for k,v in tot.most_common(): print(f"{v:7.0f} ms  {100*v/S:5.1f} %  {k}")
print(f"{S:7.0f} ms total (per recording)")

if __name__=='__main__' and False: pass
