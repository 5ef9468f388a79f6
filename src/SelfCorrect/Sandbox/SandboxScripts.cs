namespace SelfCorrect.Sandbox;

/// <summary>The trusted Python code of the sandbox. The launcher runs first (as root or namespace root), sets up
/// the mounts, forks the program's process, sets its rlimits, drops its privileges and execs the harness; it waits
/// as PID 1 of the run, kills whatever is left, and prints its report as the last line of stdout.
/// The harness reads the program, tests and pass nonce from a pipe, runs them, and prints the nonce only when every
/// test passed, from the process it started in.</summary>
internal static class SandboxScripts
{
    public const string PassPrefix = "@@selfcorrect-pass:";
    public const string ResultPrefix = "@@selfcorrect-result:";

    /// <summary>Harness exit codes; the program can fake them only to lose.</summary>
    public const int ExitAssertion = 1, ExitError = 2, ExitMemory = 3, ExitLaunchFailed = 70;

    public const string Launcher = """
import ctypes, json, os, sys

MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
ST_TO_MS = {2: 2, 4: 4, 8: 8, 1024: 1024, 2048: 2048, 4096: 1 << 21}
WRITABLE = ("/tmp", "/dev/shm")
libc = ctypes.CDLL(None, use_errno=True)

def mount(src, target, fstype, flags, data=None):
    enc = lambda s: None if s is None else s.encode()
    if libc.mount(enc(src), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "mount " + target + ": " + os.strerror(e))

def kept_flags(path):
    f = os.statvfs(path).f_flag
    return sum(ms for st, ms in ST_TO_MS.items() if f & st)

def mount_points():
    with open("/proc/self/mountinfo") as f:
        return sorted({line.split()[4].encode().decode("unicode_escape") for line in f})

def isolate_filesystem(cfg, report):
    keep = {os.path.dirname(os.path.realpath(sys.executable)), os.path.realpath(sys.base_prefix)}
    keep = [k for k in keep if not any(o != k and k.startswith(o.rstrip("/") + "/") for o in keep)]
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    hidden = []
    for path in cfg["hide"]:
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        inner = [k for k in keep if k == path or k.startswith(path.rstrip("/") + "/")]
        fds = [(k, os.open(k, os.O_PATH)) for k in inner]
        if path in WRITABLE:
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,mode=1777" % cfg["tmp_bytes"])
        else:
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=65536,mode=755")
        for k, fd in fds:
            os.makedirs(k, exist_ok=True)
            mount("/proc/self/fd/%d" % fd, k, None, MS_BIND | MS_REC)
            os.close(fd)
        hidden.append(path)
    report["hidden"] = hidden
    failed = []
    for mp in mount_points():
        if mp in WRITABLE or mp == "/proc" or mp.startswith("/proc/"):
            continue
        try:
            mount(None, mp, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(mp))
        except OSError as e:
            failed.append(mp + " (" + e.strerror + ")")
    report["readonly_failed"] = failed

def start_program(cfg, work, uid, rfd):
    import resource as r
    os.setpgid(0, 0)
    lim = cfg["limits"]
    for res, val in ((r.RLIMIT_CORE, 0), (r.RLIMIT_AS, lim["as"]), (r.RLIMIT_FSIZE, lim["fsize"]),
                     (r.RLIMIT_NOFILE, 64), (r.RLIMIT_NPROC, lim["nproc"])):
        r.setrlimit(res, (val, val))
    r.setrlimit(r.RLIMIT_CPU, (lim["cpu"], lim["cpu"] + 1))
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    if libc.prctl(38, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    os.chdir(work)
    os.set_inheritable(rfd, True)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": work, "TMPDIR": work}
    if cfg["run_marker"]:
        env["SELFCORRECT_SANDBOX_RUN"] = cfg["run_marker"]
    os.execve(sys.executable, [sys.executable, "-I", "-S", "-B", "-c", cfg["harness"], str(rfd)], env)

def kill_leftovers(pgid, uid):
    if os.getpid() == 1:
        try:
            os.kill(-1, 9)
        except OSError:
            pass
    else:
        try:
            os.killpg(pgid, 9)
        except OSError:
            pass
        if uid is not None and os.fork() == 0:
            try:
                os.setuid(uid)
                os.kill(-1, 9)
            finally:
                os._exit(0)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break

def emit(cfg, report):
    os.write(1, ("\n@@selfcorrect-result:" + cfg["result_nonce"] + ":" + json.dumps(report) + "\n").encode())

def main():
    cfg = json.loads(sys.stdin.buffer.read())
    os.dup2(os.open("/dev/null", os.O_RDWR), 0)
    if os.getpid() != 1 and os.getsid(0) != os.getpid():
        os.setsid()
    report = {}
    uid = cfg["uid"]
    try:
        if cfg["namespaces"]:
            isolate_filesystem(cfg, report)
            work = "/tmp/sandbox"
            os.mkdir(work, 0o700)
        else:
            work = cfg["host_dir"]
        if uid is not None:
            os.chown(work, uid, uid)
    except Exception as e:
        report["setup_error"] = repr(e)
        emit(cfg, report)
        return 0
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(wfd)
            start_program(cfg, work, uid, rfd)
        except BaseException as e:
            os.write(2, ("sandbox: cannot start the program: %r\n" % e).encode())
        os._exit(70)
    os.close(rfd)
    try:
        os.write(wfd, json.dumps(cfg["payload"]).encode())
    except OSError:
        pass
    os.close(wfd)
    while True:
        p, status, ru = os.wait4(-1, 0)
        if p == pid:
            break
    report.update(exit=os.waitstatus_to_exitcode(status), cpu=ru.ru_utime + ru.ru_stime)
    kill_leftovers(pid, uid)
    emit(cfg, report)
    return 0

sys.exit(main())
""";

    public const string Harness = """
import os, sys, json

def main():
    fd = int(sys.argv[1])
    chunks = []
    while True:
        b = os.read(fd, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(fd)
    cfg = json.loads(b"".join(chunks))
    nonce = cfg.pop("nonce")
    me = os.getpid()
    out = os.dup(1)
    write, exit_, getpid = os.write, os._exit, os.getpid

    def guard(event, args):
        if event.startswith("socket."):
            raise PermissionError("network access is disabled in the sandbox")
    sys.addaudithook(guard)

    def flush():
        for s in (sys.stdout, sys.stderr):
            try:
                s.flush()
            except BaseException:
                pass

    def fail(code):
        import traceback
        traceback.print_exc()
        flush()
        exit_(code)

    program = cfg.pop("program")
    with open("solution.py", "w") as f:
        f.write(program)
    g = {"__name__": "solution", "__file__": "solution.py"}
    try:
        exec(compile(program, "solution.py", "exec"), g)
    except MemoryError:
        fail(3)
    except BaseException:
        fail(2)
    try:
        exec(compile(cfg["tests"], "tests.py", "exec"), g)
        if cfg.get("entry_point"):
            g["check"](g[cfg["entry_point"]])
    except AssertionError:
        fail(1)
    except MemoryError:
        fail(3)
    except BaseException:
        fail(2)
    flush()
    if getpid() != me:
        exit_(1)
    write(out, ("\n@@selfcorrect-pass:" + nonce + "\n").encode())
    exit_(0)

main()
""";
}
