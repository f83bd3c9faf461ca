"""The options of every command agree in the program, its --help, the manual
page and README.md. Prints one line per disagreement; exit 1 when any."""
import re
import subprocess
import sys

hejapack = sys.argv[1]
COMMANDS = ['build', 'pdf', 'check', 'list', 'verify', 'diff']
WITH_VALUE = {'-C', '-o', '--paper', '--version', '--previous', '--dump', '-j', '--shard'}
# A value each option accepts (the others take any word).
VALUE_FOR = {'-j': '2', '--shard': '1/2'}
# Taken before or after any command, described once for all.
GLOBAL = {'-q', '--quiet', '-v', '--verbose', '-h', '--help'}
problems = []


def run(*args):
    p = subprocess.run([hejapack, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def help_options(cmd):
    """Options in the usage lines and at the start of the option lines."""
    _, out, _ = run(cmd, '--help')
    usage, _, body = out.partition('\n\n')
    in_usage = set(re.findall(r'[\[|] ?(--?[A-Za-z][\w-]*)', usage))
    in_body = set(re.findall(r'^  (--?[A-Za-z][\w-]*)', body, re.M))
    if in_usage != in_body:
        problems.append('%s --help: usage lines name %s, option lines %s'
                        % (cmd, sorted(in_usage), sorted(in_body)))
    return in_usage | in_body, out


def man_sections(text):
    syn = text.split('.SH SYNOPSIS', 1)[1].split('.SH ', 1)[0]
    opts = text.split('.SH OPTIONS', 1)[1].split('.SH ', 1)[0]
    return syn, opts


def unescape(s):
    return s.replace('\\-', '-')


man = open('docs/hejapack.1', encoding='utf-8').read()
synopsis, options_section = man_sections(man)
# One synopsis block per command, separated by .br lines.
man_synopsis = {}
for block in synopsis.split('.br\n'):
    words = [w for w in re.findall(r'^\.B (?:hejapack )?(\w+)$', block, re.M) if w in COMMANDS]
    if words:
        found = {unescape(o) for o in re.findall(r'(\\-(?:\\-)?[A-Za-z][\w\\-]*)', block)}
        man_synopsis[words[0]] = found - GLOBAL
# The OPTIONS entries: .TP, then a line naming the option, then its text.
man_entries = {}
for entry in options_section.split('.TP\n')[1:]:
    head, _, text = entry.partition('\n')
    for o in re.findall(r'(\\-(?:\\-)?[A-Za-z][\w\\-]*)', head):
        man_entries.setdefault(unescape(o), []).append(text)

readme = open('README.md', encoding='utf-8').read()
readme_usage = {}
for cmd in COMMANDS:
    m = re.search(r'^\| `hejapack %s ([^`]*)` \|' % cmd, readme, re.M)
    if not m:
        problems.append('README.md: no row for hejapack %s in the command table' % cmd)
        continue
    readme_usage[cmd] = set(re.findall(r'\[(--?[A-Za-z][\w-]*)', m.group(1)))
# The options table: the commands each row names.
readme_for = {}
table = readme.split('\nOptions:\n', 1)[1].split('\n\n', 1)[0]
for row in table.splitlines()[2:]:
    cells = row.split('|')
    opts = re.findall(r'`(--?[A-Za-z][\w-]*)', cells[1])
    cmds = set(re.findall(r'`(%s)`' % '|'.join(COMMANDS), cells[2]))
    for o in opts:
        if cmds and o not in GLOBAL:
            readme_for.setdefault(o, set()).update(cmds)

helped = {}
for cmd in COMMANDS:
    helped[cmd], text = help_options(cmd)
every = set().union(*helped.values()) | set(readme_for)
for cmd in COMMANDS:
    h = helped[cmd]
    # What the program takes: an option it refuses stops before --help.
    taken = set()
    for o in sorted(every):
        args = [cmd, o] + ([VALUE_FOR.get(o, 'x')] if o in WITH_VALUE else []) + ['--help']
        status, _, err = run(*args)
        if status == 0:
            taken.add(o)
        elif 'is not one this command takes' not in err:
            problems.append('%s: %s gave status %d: %s' % (cmd, ' '.join(args), status, err.strip()))
    taken -= GLOBAL
    if taken != h:
        problems.append('%s: the program takes %s, --help names %s' % (cmd, sorted(taken), sorted(h)))
    if man_synopsis.get(cmd) != h:
        problems.append('%s: the manual page synopsis names %s, --help %s'
                        % (cmd, sorted(man_synopsis.get(cmd, set())), sorted(h)))
    if readme_usage.get(cmd, h) != h:
        problems.append('%s: README.md command table names %s, --help %s'
                        % (cmd, sorted(readme_usage[cmd]), sorted(h)))
    for o in h:
        texts = man_entries.get(o)
        if not texts:
            problems.append('%s: %s has no entry under OPTIONS in the manual page' % (cmd, o))
        elif not any(re.search(r'^\.BR? %s\b' % cmd, t, re.M) for t in texts):
            problems.append('%s: the manual page entry for %s does not name %s' % (cmd, o, cmd))
        if readme_for.get(o) is None:
            problems.append('%s: README.md options table has no row for %s' % (cmd, o))
        elif cmd not in readme_for[o]:
            problems.append('%s: README.md options table does not give %s for %s' % (cmd, o, cmd))
for o, cmds in readme_for.items():
    wrong = {c for c in cmds if o not in helped[c]}
    if wrong:
        problems.append('README.md options table gives %s for %s, which do not take it' % (o, sorted(wrong)))

# The exit statuses each command's help names are the ones the manual gives.
for cmd in ('verify', 'diff'):
    _, out, _ = run(cmd, '--help')
    if '3 when' not in out:
        problems.append('%s --help does not name exit status 3' % cmd)
# --version is taken before the command only, as both say.
status, _, _ = run('check', '--version')
if status != 2 or 'after any command' in man:
    problems.append('--version after a command: status %d; the manual must say before the command only' % status)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
