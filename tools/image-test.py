#!/usr/bin/env python3
"""tools/image-test.py: boots the terminal image under qemu-system-aarch64 -M virt (make
image-test; docs/image.md, "Boot it"). Slow (TCG), as root, not part of make test.

The harness plays the Raspberry Pi firmware: before every boot it reads autoboot.txt from the
disk's first partition, starts the [all] boot partition, or the [tryboot] one once after the
guest rebooted with "0 tryboot" (the kernel's "Restarting system with command '0 tryboot'" on
the serial console), takes vmlinuz, initrd.img and cmdline.txt from that partition and tells the
guest what it booted in the device tree (chosen/bootloader/partition and tryboot), as the Pi's
firmware does. It changes the kernel command line only where the board differs from QEMU's
virt machine (console=ttyAMA0) and adds systemd.journald.forward_to_console=1, so the journal
reaches the serial log the harness reads (the serial port is no login: every getty is masked).

Steps (--steps, in this order; each needs the ones before): boot, walk, collect, console,
update, rollback. Output in build/image-test/: screens (PNG), serial logs, report.txt.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build", "image-test")
SCREEN = (1024, 600)
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1", PRISMA_PASSPHRASE="demo")
TABLET_RULE = "allow id 0627:0001 with-interface match-all { 03:00:00 }\n"
# The harness's eyes inside the booted terminal (it has no login): a unit on the TEST disk only,
# never in the image, that writes to the journal (forwarded to the serial log) once the kiosk is
# up: the uptime, memory, systemd-analyze security of the running kiosk unit, and every change
# of what is mounted under /media, as the host and as the kiosk's own mount namespace see it.
# The stick the reference walk collects, for the collection overlay as the kiosk draws it.
REFERENCE_SERIAL = "PRISMAREF0001"
PROBE = r"""#!/bin/sh
# image-test only: put on the test disk by tools/image-test.py, not part of the image.
n=0
until systemctl is-active -q prisma-kiosk.service || [ $n -ge 900 ]; do sleep 1; n=$((n+1)); done
echo "image-test-probe: kiosk active at $(cut -d' ' -f1 /proc/uptime) s of uptime"
awk '/^MemTotal:|^MemAvailable:|^MemFree:|^Cached:|^Shmem:/ { printf "image-test-probe: meminfo %s %s kB\n", $1, $2 }' /proc/meminfo
systemd-analyze security --no-pager prisma-kiosk.service 2>&1 | sed 's/^/image-test-probe: security /'
systemd-analyze time --no-pager 2>&1 | sed 's/^/image-test-probe: time /'
pid=$(systemctl show -p MainPID --value prisma-kiosk.service)
dmesg | grep -iE 'drm|virtio_gpu|virtio-gpu|fb[0-9]' | sed 's/^/image-test-probe: dmesg /'
ls -l /dev/dri /sys/class/drm 2>&1 | sed 's/^/image-test-probe: drm /'
for f in /sys/class/drm/card*-*/status /sys/class/drm/card*-*/modes; do
	echo "image-test-probe: drm $f: $(tr '\n' ' ' <"$f")"
done
grep -oE '/[^ ]*(dri|EGL|GLES|gbm|drm)[^ ]*' /proc/$pid/maps | sort -u | sed 's/^/image-test-probe: kiosk maps /'
grep -E '^(State|Threads)' /proc/$pid/status | sed 's/^/image-test-probe: kiosk /'
sed -n '/^crtc/,/^connector/p' /sys/kernel/debug/dri/0/state 2>&1 | sed 's/^/image-test-probe: drm state /'
sed -n '/^plane/,/^crtc/p' /sys/kernel/debug/dri/0/state 2>&1 | head -n 30 | sed 's/^/image-test-probe: drm plane /'
journalctl -b -u prisma-kiosk.service --no-pager -o cat | tail -n 20 | sed 's/^/image-test-probe: kiosk log /'
for u in $(systemctl list-units --all --plain --no-legend '*getty*' | awk '{ print $1 }'); do
	echo "image-test-probe: unit $u $(systemctl is-active $u)"
done
last=""
n=0
while :; do
	pid=$(systemctl show -p MainPID --value prisma-kiosk.service)
	cur="host: $(grep ' /media/' /proc/mounts | tr '\n' ';') kiosk: $(grep ' /media/' /proc/$pid/mounts 2>/dev/null | tr '\n' ';')"
	[ "$cur" = "$last" ] || echo "image-test-probe: mounts $cur"
	last=$cur
	# the kiosk's wake-ups: context switches of all its threads, every 10 s
	if [ $((n % 5)) -eq 0 ]; then
		echo "image-test-probe: kiosk switches $(cut -d' ' -f1 /proc/uptime) $(cat /proc/$pid/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }') pid $pid"
	fi
	n=$((n + 1))
	sleep 2
done
"""
PROBE_UNIT = """[Unit]
Description=image-test probe (test disk only)
After=prisma-kiosk.service
[Service]
ExecStart=/usr/local/sbin/image-test-probe
[Install]
WantedBy=multi-user.target
"""


def log(msg):
    stamp = time.strftime("%H:%M:%S", time.gmtime())
    line = f"[{stamp}] {msg}"
    print(line, flush=True)
    with open(os.path.join(WORK, "report.txt"), "a") as f:
        f.write(line + "\n")


def fail(msg):
    log("FAIL " + msg)
    sys.exit(1)


def run(*args, **kw):
    kw.setdefault("env", ENV)
    return subprocess.run(args, check=True, **kw)


def out(*args):
    return subprocess.run(args, check=True, env=ENV, capture_output=True).stdout


class Disk:
    """The terminal's disk: a sparse copy of the image; partitions by GPT label."""

    def __init__(self, path):
        self.path = path
        table = json.loads(out("sfdisk", "--json", path))["partitiontable"]["partitions"]
        self.parts = {}
        for number, p in enumerate(table, 1):
            self.parts[p["name"]] = (number, p["start"] * 512, p["size"] * 512)

    def name_of(self, number):
        for name, (n, _, _) in self.parts.items():
            if n == number:
                return name
        raise KeyError(number)

    def fat_read(self, part, name):
        return out("mcopy", "-n", "-i", f"{self.path}@@{self.parts[part][1]}", "::" + name, "-")

    def extract(self, part, dest):
        _, start, size = self.parts[part]
        run("dd", f"if={self.path}", f"of={dest}", "bs=1M", f"skip={start}", f"count={size}",
            "iflag=skip_bytes,count_bytes", "conv=sparse", "status=none")

    def put(self, part, src):
        _, start, _ = self.parts[part]
        run("dd", f"if={src}", f"of={self.path}", "bs=1M", f"seek={start}",
            "oflag=seek_bytes", "conv=notrunc,sparse", "status=none")

    def ext4_cat(self, part, path):
        tmp = os.path.join(WORK, f"{part}.ext4")
        self.extract(part, tmp)
        data = subprocess.run(["debugfs", "-R", f"cat {path}", tmp], capture_output=True).stdout
        os.unlink(tmp)
        return data


def autoboot(text):
    """{'[all]': partition, '[tryboot]': partition} from autoboot.txt."""
    sections, section = {}, None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif line.startswith("boot_partition=") and section:
            sections[section] = int(line.split("=", 1)[1])
    return sections


class QMP:
    """A small QMP client over QEMU's unix socket: commands, and the events seen meanwhile."""

    def __init__(self, path):
        for _ in range(300):
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.2)
        else:
            fail(f"{path}: QEMU's QMP socket did not come up")
        self.file = self.sock.makefile("rwb")
        self.events = []
        json.loads(self.file.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg).encode() + b"\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if not line:
                raise EOFError("QMP closed")
            reply = json.loads(line)
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError(f"QMP {name}: {reply['error']}")
            return reply.get("return")


class Machine:
    """One boot of the terminal: the harness's firmware step, then QEMU."""

    def __init__(self, disk, boot_no, part, tryboot, usb_sticks=()):
        self.disk, self.boot_no, self.part, self.tryboot = disk, boot_no, part, tryboot
        slot = disk.name_of(part)
        d = os.path.join(WORK, f"boot{boot_no}")
        os.makedirs(d, exist_ok=True)
        for name in ("vmlinuz", "initrd.img", "cmdline.txt"):
            with open(os.path.join(d, name), "wb") as f:
                f.write(disk.fat_read(slot, name))
        cmdline = open(os.path.join(d, "cmdline.txt")).read().strip()
        cmdline = re.sub(r"console=\S+", "console=ttyAMA0,115200", cmdline)
        # The journal on the serial log; Mesa without a GPU: softpipe (llvmpipe's JIT is ruled
        # out by the kiosk unit's MemoryDenyWriteExecute).
        cmdline += " systemd.journald.forward_to_console=1 systemd.setenv=GALLIUM_DRIVER=softpipe"
        self.serial_log = os.path.join(WORK, f"serial-{boot_no}.log")
        self.qmp_path = os.path.join(WORK, "qmp.sock")
        self.serial_path = os.path.join(WORK, "serial.sock")
        for p in (self.serial_log, self.qmp_path, self.serial_path):
            if os.path.exists(p):
                os.unlink(p)
        base = ["qemu-system-aarch64", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
                "-nodefaults", "-no-user-config", "-no-reboot", "-display", "none", "-nic", "none",
                "-device", "virtio-rng-pci",
                "-drive", f"file={disk.path},format=raw,if=none,id=disk,cache=unsafe",
                "-device", "virtio-blk-pci,drive=disk",
                "-device", f"virtio-gpu-pci,xres={SCREEN[0]},yres={SCREEN[1]}",
                "-device", "qemu-xhci,id=xhci",
                "-device", "usb-tablet,bus=xhci.0,id=tablet",
                "-device", "usb-kbd,bus=xhci.0,id=kbd"]
        for i, img in enumerate(usb_sticks):
            base += ["-drive", f"file={img},format=raw,if=none,id=stick{i}",
                     "-device", f"usb-storage,bus=xhci.0,drive=stick{i},id=usbstick{i}"]
        dtb = os.path.join(d, "virt.dtb")
        run(*base, "-M", f"virt,dumpdtb={dtb}", stdout=subprocess.DEVNULL)
        run("fdtput", "-c", dtb, "/chosen/bootloader")
        run("fdtput", "-t", "u", dtb, "/chosen/bootloader", "partition", str(part))
        run("fdtput", "-t", "u", dtb, "/chosen/bootloader", "tryboot", str(tryboot))
        self.args = base + [
            "-M", "virt", "-kernel", os.path.join(d, "vmlinuz"),
            "-initrd", os.path.join(d, "initrd.img"), "-append", cmdline, "-dtb", dtb,
            "-chardev", f"socket,id=ser0,path={self.serial_path},server=on,wait=off,"
                        f"logfile={self.serial_log}",
            "-serial", "chardev:ser0",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        log(f"boot {boot_no}: firmware starts partition {part} ({slot}), tryboot={tryboot}")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdout=open(os.path.join(d, "qemu.log"), "w"),
                                     stderr=subprocess.STDOUT)
        self.qmp = QMP(self.qmp_path)

    def serial(self):
        try:
            return open(self.serial_log, errors="replace").read()
        except FileNotFoundError:
            return ""

    def screendump(self, name):
        path = os.path.join(WORK, name + ".png")
        self.qmp.cmd("screendump", filename=path, format="png")
        for _ in range(50):  # QEMU writes it asynchronously
            if os.path.exists(path) and os.path.getsize(path) > 0:
                break
            time.sleep(0.1)
        time.sleep(0.3)
        return path

    def click(self, x, y):
        # Sent to no device by name: QEMU refuses "tablet" as "not bound to a QemuConsole" (the
        # virtio-gpu head is the console); unnamed, the event reaches the tablet. The pixel
        # itself, not scaled to the tablet's 0..32767: SDL 2.26's evdev takes an absolute mouse
        # axis as a window coordinate without normalising it (SDL_evdev.c, "FIXME: Normalize"),
        # so a scaled tap lands clamped in the bottom-right corner (seen in the x86_64 guest,
        # docs/image.md). A real touch panel is a touchscreen to SDL, normalised.
        def move(down):
            events = [{"type": "abs", "data": {"axis": "x", "value": x}},
                      {"type": "abs", "data": {"axis": "y", "value": y}}]
            if down is not None:
                events.append({"type": "btn", "data": {"down": down, "button": "left"}})
            self.qmp.cmd("input-send-event", events=events)
        move(None)
        time.sleep(0.3)
        move(True)
        time.sleep(0.3)
        move(False)

    def wait_serial(self, pattern, timeout):
        """The first match of PATTERN in the serial log within TIMEOUT seconds, or None."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = re.search(pattern, self.serial())
            if m:
                return m
            if self.proc.poll() is not None:
                return re.search(pattern, self.serial())
            time.sleep(2)
        return None

    def wait_exit(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.qmp.cmd("quit")
            except (EOFError, OSError, RuntimeError):
                pass
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Firmware:
    """What the Pi's firmware does with autoboot.txt: [all], or [tryboot] once when asked."""

    def __init__(self, disk):
        self.disk = disk
        self.tryboot_asked = False
        self.boots = 0

    def boot(self, usb_sticks=()):
        table = autoboot(self.disk.fat_read("autoboot", "autoboot.txt").decode())
        if self.tryboot_asked:
            part, tryboot = table["[tryboot]"], 1
        else:
            part, tryboot = table["[all]"], 0
        self.tryboot_asked = False
        self.boots += 1
        return Machine(self.disk, self.boots, part, tryboot, usb_sticks)

    def reboot_seen(self, machine):
        """After the guest left: did it ask for tryboot (reboot "0 tryboot")?"""
        m = re.search(r"Restarting system with command '([^']*)'", machine.serial())
        self.tryboot_asked = bool(m and "tryboot" in m.group(1))
        return m is not None or "reboot: Restarting system" in machine.serial()


def debugfs_write(ext4, path, data, mode="0100644"):
    """Replaces the file PATH in the ext4 image EXT4 by DATA (root-owned, MODE)."""
    tmp = os.path.join(WORK, "debugfs-file")
    with open(tmp, "wb") as f:
        f.write(data)
    d, name = os.path.split(path)
    script = (f"cd {d}\nrm {name}\nwrite {tmp} {name}\nsif {name} mode {mode}\n"
              f"sif {name} uid 0\nsif {name} gid 0\n")
    subprocess.run(["debugfs", "-w", "-f", "-", ext4], input=script.encode(), check=True,
                   capture_output=True)
    got = subprocess.run(["debugfs", "-R", f"cat {path}", ext4], capture_output=True).stdout
    if got != data:
        fail(f"{ext4}: {path} not written")


def ext4_read(ext4, path):
    return subprocess.run(["debugfs", "-R", f"cat {path}", ext4], capture_output=True).stdout


def fat_image(path, mb, label, files):
    """A FAT stick image holding FILES ({path on the stick: local file})."""
    if os.path.exists(path):
        os.unlink(path)
    run("mkfs.vfat", "-C", "-n", label, path, str(mb * 1024), stdout=subprocess.DEVNULL)
    made = set()
    for dest, src in sorted(files.items()):
        parts = dest.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in made:
                run("mmd", "-i", path, "::" + d)
                made.add(d)
        run("mcopy", "-i", path, src, "::" + dest)


def compare(a, b):
    """How many pixels of A and B differ (ImageMagick, 5% colour fuzz)."""
    r = subprocess.run(["compare", "-metric", "AE", "-fuzz", "5%", a, b, "null:"],
                       capture_output=True, text=True)
    try:
        return int(float(r.stderr.split()[0]))
    except (ValueError, IndexError):
        return 1 << 30


def classify(png, refs):
    """The reference screen nearest to PNG: (name, differing pixels), over REFS {name: png}."""
    best = min(((compare(png, ref), name) for name, ref in refs.items()))
    return best[1], best[0]


def layout(name):
    """Widget id -> centre (x, y) from the kiosk's own layout dump of screen NAME."""
    widgets = {}
    for line in open(os.path.join(WORK, "ref", name + ".layout")):
        f = line.split(" ", 6)
        if f[0] != "-":
            x, y, w, h = map(int, f[2:6])
            widgets[f[0]] = (x + w // 2, y + h // 2)
    return widgets


def is_black(png):
    r = subprocess.run(["convert", png, "-format", "%[fx:maxima.r+maxima.g+maxima.b]", "info:"],
                       capture_output=True, text=True)
    try:
        return float(r.stdout.strip() or 0) == 0
    except ValueError:
        return True


class Harness:
    def __init__(self, image):
        self.image = image
        self.version = out("dpkg-parsechangelog", "-l", os.path.join(ROOT, "firmware/deb/changelog"),
                           "-S", "Version").decode().strip()

    def prepare(self):
        """The disk, the test's touch panel, the office, the technician's stick, the references."""
        disk = os.path.join(WORK, "disk.img")
        log(f"image {self.image} ({os.path.getsize(self.image) >> 20} MiB)")
        run("cp", "--sparse=always", self.image, disk)
        self.disk = Disk(disk)
        # QEMU's USB tablet stands in for the touch panel: USBGuard must know it, like a prison's
        # panel is added to rules.conf before the image is built. The one difference to the image.
        self.root = os.path.join(WORK, "root-test.ext4")
        self.disk.extract("root-a", self.root)
        rules = ext4_read(self.root, "/etc/usbguard/rules.conf")
        if b"allow" not in rules:
            fail("root-a: /etc/usbguard/rules.conf unreadable")
        debugfs_write(self.root, "/etc/usbguard/rules.conf",
                      rules + b"# image-test: QEMU's USB tablet as the touch panel\n" +
                      TABLET_RULE.encode(), "0100600")
        debugfs_write(self.root, "/usr/local/sbin/image-test-probe", PROBE.encode(), "0100755")
        debugfs_write(self.root, "/etc/systemd/system/image-test-probe.service",
                      PROBE_UNIT.encode())
        subprocess.run(["debugfs", "-w", "-R", "symlink /etc/systemd/system/multi-user.target.wants/"
                        "image-test-probe.service /etc/systemd/system/image-test-probe.service",
                        self.root], check=True, capture_output=True)
        self.disk.put("root-a", self.root)
        self.disk.put("root-b", self.root)
        log("test disk: USBGuard's rules.conf allows QEMU's tablet (0627:0001, HID 03:00:00) as the"
            " touch panel; image-test-probe.service reports from inside (journal); nothing else"
            " differs from the image")
        office = os.path.join(WORK, "office")
        shutil.rmtree(office, ignore_errors=True)
        admin = os.path.join(ROOT, "build", "prisma-admin")
        run(admin, "demo", "--dir", office, stdout=subprocess.DEVNULL)
        self.office = office
        self.stick = os.path.join(WORK, "provision-stick.img")
        conf = os.path.join(WORK, "terminal.conf")
        open(conf, "w").write("id=qemu-wing-01\n")
        fat_image(self.stick, 64, "PRISMA", {
            "prisma-provision/terminal.conf": conf,
            "prisma-provision/collection.pub": os.path.join(office, "office", "collection.pub"),
            "prisma-provision/recipients/vpn.pub": os.path.join(office, "office", "vpn.pub"),
            "prisma-provision/recipients/apro.pub": os.path.join(office, "office", "apro.pub")})
        ref = os.path.join(WORK, "ref")
        shutil.rmtree(ref, ignore_errors=True)
        os.makedirs(ref)
        blank = os.path.join(WORK, "blank-stick")  # a stick's folder with no token
        shutil.rmtree(blank, ignore_errors=True)
        os.makedirs(blank)
        collected = os.path.join(WORK, "reference-stick")  # and one the office authorised
        shutil.rmtree(collected, ignore_errors=True)
        os.makedirs(collected)
        self.token(REFERENCE_SERIAL, collected)
        script = os.path.join(WORK, "reference.script")
        with open(os.path.join(ROOT, "tools", "image-test.script")) as f:
            open(script, "w").write(f.read().replace("@BLANK_STICK@", blank)
                                    .replace("@STICK@", collected)
                                    .replace("@SERIAL@", REFERENCE_SERIAL))
        r = subprocess.run([os.path.join(ROOT, "build", "prisma-kiosk"), "--config",
                            os.path.join(office, "terminal", "terminal.ini"), "--headless",
                            "--size", f"{SCREEN[0]}x{SCREEN[1]}", "--script", script,
                            "--screenshot-dir", ref], capture_output=True, text=True)
        if r.returncode != 0:
            fail("reference walk of the native kiosk failed: " + r.stderr.strip())
        self.refs = {f[:-4]: os.path.join(ref, f) for f in os.listdir(ref) if f.endswith(".png")}
        golden = os.path.join(ROOT, "tests", "kiosk", "golden")
        for f in os.listdir(golden):  # the collection overlays, as the goldens show them
            if f.startswith("collect-") and f.endswith(f"-{SCREEN[0]}x{SCREEN[1]}.png"):
                # collect-STATE-LANG: named by STATE, as the steps wait for them (the goldens at
                # this size are English, the image's kiosk starts in German: a line of text
                # differs, well under the 5% a screen may)
                state = f[: -len(f"-{SCREEN[0]}x{SCREEN[1]}.png")].rsplit("-", 1)[0]
                self.refs.setdefault(state, os.path.join(golden, f))  # the walk's own first
        self.fw = Firmware(self.disk)

    def wait_screen(self, m, want, timeout, name):
        """Screendumps until the screen is the reference WANT (a name or a tuple of names);
        the name it is, or fail."""
        want = (want,) if isinstance(want, str) else want
        if self.skip_screens:
            m.screendump(name)
            log(f"boot {m.boot_no}: screen {want} NOT CHECKED (--skip-screens); {name}.png kept")
            return want[0]
        end = time.monotonic() + timeout
        got = None
        while time.monotonic() < end:
            png = m.screendump(name)
            got = classify(png, self.refs)
            if got[0] in want and got[1] < SCREEN[0] * SCREEN[1] // 20:
                return got[0]
            if m.proc.poll() is not None:
                break
            time.sleep(2)
        fail(f"boot {m.boot_no}: screen is not {want} (nearest {got}); see {name}.png")

    def idle_switches(self, m, what):
        """Logs the kiosk's context switches per second over the next 40 s with nothing sent
        (the probe's readings every 10 s: all threads of prisma-kiosk)."""
        pat = r"image-test-probe: kiosk switches ([0-9.]+) ([0-9]+) pid ([0-9]+)"
        since = len(m.serial())
        time.sleep(45)
        got = [tuple(map(float, r.groups())) for r in re.finditer(pat, m.serial()[since:])]
        if len(got) < 2 or got[0][2] != got[-1][2]:
            log(f"{what}: idle wake-ups not measured (readings: {got})")
            return
        (t0, c0, _), (t1, c1, _) = got[0], got[-1]
        log(f"{what}, nothing touched: the kiosk had {c1 - c0:.0f} context switches in "
            f"{t1 - t0:.0f} s ({(c1 - c0) / (t1 - t0):.1f}/s, all threads)")

    def step_boot(self):
        m = self.fw.boot([self.stick])
        self.m = m
        first = None
        end = time.monotonic() + 1800
        if self.skip_screens:  # the kiosk's own word: READY=1 is sent after its first frame
            if m.wait_serial(r"Started prisma-kiosk\.service", 1800):
                log(f"boot 1: prisma-kiosk.service ready (first frame drawn, sd_notify) "
                    f"{time.monotonic() - m.started:.0f} s after QEMU started (TCG); the display "
                    "is NOT CHECKED (--skip-screens)")
            else:
                fail("boot 1: prisma-kiosk.service not started within 30 minutes")
            end = 0
        while time.monotonic() < end and m.proc.poll() is None:
            # Not merely "not black": before the guest sets a mode QEMU's display shows its own
            # "Guest has not initialized the display" text. The kiosk's first frame is a screen
            # of the kiosk (any reference, < 5% of the pixels differing).
            png = m.screendump("boot-first-frame")
            if not is_black(png) and classify(png, self.refs)[1] < SCREEN[0] * SCREEN[1] // 20:
                first = time.monotonic() - m.started
                break
            time.sleep(2)
        if first is None and not self.skip_screens:
            fail("boot 1: nothing drawn on the display within 30 minutes; see serial-1.log")
        if first is not None:
            log(f"boot 1: first frame on the display {first:.0f} s after QEMU started (TCG)")
        seen = self.wait_screen(m, ("home", "collect-not-authorized"), 600, "home")
        # As a technician does: the stick comes out once the terminal is provisioned. Its "not
        # authorised" overlay may come before or after home was first seen (when the stick's
        # mount lands), so the stick is always pulled and home awaited after that.
        if not m.wait_serial(r"provisioned qemu-wing-01", 600):
            fail("boot 1: the technician's stick did not provision the terminal (serial-1.log)")
        log("boot 1: provisioned from the technician's stick (prisma-provision)")
        log(f"boot 1: {'(not checked)' if self.skip_screens else seen} on the display "
            f"{time.monotonic() - m.started:.0f} s after start; pulling the technician's stick")
        if seen != "home" and not self.skip_screens:
            os.replace(os.path.join(WORK, "home.png"), os.path.join(WORK, "boot-stick-overlay.png"))
        m.qmp.cmd("device_del", id="usbstick0")
        time.sleep(20)  # the stick's unmount (BindsTo)
        # "Not authorised" stays after the pull until it is read and closed (docs/collect-usb.md):
        # the technician taps Close.
        if self.wait_screen(m, ("home", "collect-not-authorized"), 300, "home") != "home":
            x, y = layout("collect-not-authorized")["collect.close"]
            m.click(x, y)
            log(f"boot 1: the \"not authorised\" overlay after the pull; tapped Close at ({x}, {y})")
        self.wait_screen(m, "home", 300, "home")
        if not self.skip_screens:
            log(f"boot 1: the kiosk's home screen {time.monotonic() - m.started:.0f} s after "
                "start; saved as home.png")
        self.idle_switches(m, "boot 1: on home")
        health = m.wait_serial(r"prisma-health: healthy.*", 600)
        if not health:
            fail("boot 1: prisma-health did not report healthy within 10 minutes")
        log("boot 1: " + health.group(0).strip())
        if not m.wait_serial(r"image-test-probe: mounts", 300):
            fail("boot 1: image-test-probe reported nothing within 5 minutes (serial-1.log)")
        for line in m.serial().splitlines():
            if re.search(r"image-test-probe: (kiosk active|meminfo|time|unit|mounts)|"
                         r"image-test-probe: security .*(Overall|exposure)", line):
                log("boot 1: " + line[line.index("image-test-probe:"):].strip())

    # The walk: (widget to tap, on screen, the screen it leads to).
    WALK = [("lang.de", "home", "home"), ("start", "home", "services"),
            ("service.parenting", "services", "service-info"), ("next", "service-info", "contact"),
            ("contact.code", "contact", "contact-code"), ("next", "contact-code", "details"),
            ("next", "details", "review"), ("consent", "review", "review-consent"),
            ("submit", "review-consent", "done")]

    def step_walk(self):
        m = self.m
        for i, (widget, screen, then) in enumerate(self.WALK, 1):
            x, y = layout(screen)[widget]
            m.click(x, y)
            self.wait_screen(m, then, 120, f"walk-{i:02d}-{then}")
            log(f"walk: tapped {widget} at ({x}, {y}) on {screen}: {then}")
        log("walk: a request walked from home to its code (walk-09-done.png)")

    def step_console(self):
        m = self.m
        before = m.screendump("console-before")
        # The keyboard (a USB HID boot keyboard) is blocked by USBGuard: switching consoles and
        # typing change nothing on the display.
        for keys in (["ctrl", "alt", "f1"], ["ctrl", "alt", "f2"], ["alt", "f3"], ["ret"],
                     ["ctrl", "alt", "delete"]):
            m.qmp.cmd("send-key", keys=[{"type": "qcode", "data": k} for k in keys])
            time.sleep(1)
        time.sleep(5)
        after = m.screendump("console-after")
        diff = compare(before, after)
        if diff > 0:
            fail(f"console: keys on the USB keyboard changed the display ({diff} pixels)")
        # The serial console: Enter gets no login prompt.
        s = socket.socket(socket.AF_UNIX)
        s.connect(m.serial_path)
        for _ in range(3):
            s.sendall(b"\r\n")
            time.sleep(2)
        s.sendall(b"root\r\n")
        time.sleep(10)
        s.close()
        text = m.serial()
        if re.search(r"login:|Password:|# $", text):
            fail("console: a login prompt on the serial console")
        # (systemd-logind, "User Login Management", runs: it is what holds NAutoVTs=0.)
        if re.search(r"Started (serial-|container-|console-)?getty|Started autovt|"
                     r"Started .*[Gg]etty", text):
            fail("console: a getty was started")
        log("console: ctrl-alt-F1/F2, alt-F3, Enter, ctrl-alt-del on the USB keyboard change "
            "nothing on the display; Enter on the serial console gets no login prompt; no getty")

    def token(self, serial, out):
        """The office's collection token for the stick SERIAL, valid 30 days, in OUT/PRISMA."""
        expires = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400))
        run(os.path.join(ROOT, "build", "prisma-collect"), "token", "--serial", serial,
            "--expires", expires, "--collection-key",
            os.path.join(self.office, "office", "collection.key"), "--out", out,
            stdout=subprocess.DEVNULL)

    def step_collect(self):
        """An authorised stick hot-plugged: mounted, the walked request written to it; the
        office imports it and finds the request."""
        m = self.m
        serial = "PRISMA0000QEMU0001"
        tokdir = os.path.join(WORK, "collect-token")
        shutil.rmtree(tokdir, ignore_errors=True)
        os.makedirs(tokdir)
        self.token(serial, tokdir)
        stick = os.path.join(WORK, "collect-stick.img")
        fat_image(stick, 64, "COLLECT", {"PRISMA/token": os.path.join(tokdir, "PRISMA", "token")})
        plugged_at = len(m.serial())
        m.qmp.cmd("human-monitor-command",
                  **{"command-line": f"drive_add 0 if=none,id=collect,format=raw,file={stick}"})
        m.qmp.cmd("device_add", driver="usb-storage", bus="xhci.0", drive="collect",
                  id="usbcollect", serial=serial)
        t = time.monotonic()
        seen = self.wait_screen(m, ("collect-export-ok", "collect-receipts-applied"), 600,
                                "collect-done")
        log(f"collect: stick plugged in, the overlay says {seen} after "
            f"{time.monotonic() - t:.0f} s (collect-done.png)")
        mounted = re.search(r"image-test-probe: mounts host: [^\n]*/media/prisma-stick[^\n]*",
                            m.serial()[plugged_at:])
        if not mounted:
            fail("collect: the probe saw no mount at /media/prisma-stick (serial log)")
        line = mounted.group(0)
        host = line.split(" kiosk: ")[0]
        opts = re.search(r"/media/prisma-stick (\S+) (\S+)", host)
        if not opts or opts.group(1) not in ("vfat", "exfat") or not all(
                o in opts.group(2).split(",") for o in ("nosuid", "nodev", "noexec", "noatime")):
            fail("collect: the stick is not mounted nosuid,nodev,noexec,noatime: " + line)
        if "/media/prisma-stick" not in line.split(" kiosk: ")[1]:
            fail("collect: the kiosk's mount namespace does not see the stick: " + line)
        log("collect: /proc/mounts (udev rule, prisma-stick-mount@.service): " + line.strip())
        m.qmp.cmd("device_del", id="usbcollect")
        self.wait_screen(m, "done", 120, "collect-pulled")
        log("collect: stick pulled, the overlay is gone, the inmate's screen is back")
        time.sleep(3)
        # The office: trust the terminal by the key it wrote to the technician's stick, import.
        got = os.path.join(WORK, "collected")
        shutil.rmtree(got, ignore_errors=True)
        os.makedirs(got)
        run("mcopy", "-s", "-n", "-i", stick, "::PRISMA", got)
        pub = os.path.join(WORK, "qemu-wing-01.pub")
        with open(pub, "wb") as f:
            f.write(self.disk_stick_file(self.stick, "prisma-provision/qemu-wing-01.pub"))
        db = os.path.join(WORK, "office.db")
        if os.path.exists(db):
            os.unlink(db)
        collect = os.path.join(ROOT, "build", "prisma-collect")
        run(collect, "--db", db, "enroll", pub, stdout=subprocess.DEVNULL)
        run(collect, "--db", db, "import", got, stdout=subprocess.DEVNULL)
        listing = ""
        for who in ("vpn", "apro"):
            r = subprocess.run([collect, "--db", db, "list", "--key",
                                os.path.join(self.office, "office", who + ".key"),
                                "--format", "csv"], capture_output=True, text=True, env=ENV)
            listing += r.stdout
        if "qemu-wing-01" not in listing:
            fail("collect: the office did not find the terminal's request on the stick")
        log("collect: the office imported the stick and lists the request from qemu-wing-01")

    def disk_stick_file(self, img, path):
        return out("mcopy", "-n", "-i", img, "::" + path, "-")

    def bundle(self, name, version, broken=False):
        """A signed update bundle from the test root with VERSION (and a kiosk that cannot
        start when BROKEN), on a stick of its own (prisma-update/)."""
        d = os.path.join(WORK, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        root = os.path.join(d, "root.ext4")
        run("cp", "--sparse=always", self.root, root)
        debugfs_write(root, "/etc/prisma-release", f"VERSION={version}\n".encode())
        if broken:
            debugfs_write(root, "/usr/bin/prisma-kiosk",
                          b"#!/bin/sh\necho 'image-test: a kiosk that never draws' >&2\nexit 1\n",
                          "0100755")
        shutil.copy(os.path.join(ROOT, "build", "image", "boot.vfat"), os.path.join(d, "boot.vfat"))
        raucb = os.path.join(d, f"prisma-terminal-{version}.raucb")
        run(os.path.join(ROOT, "tools", "make-bundle.sh"), stdout=subprocess.DEVNULL,
            env=dict(ENV, BUNDLE_DIR=d, BUNDLE_VERSION=version, BUNDLE_OUT=raucb))
        os.unlink(root)
        stick = os.path.join(WORK, name + "-stick.img")
        fat_image(stick, (os.path.getsize(raucb) >> 20) + 64, "UPDATE",
                  {f"prisma-update/{os.path.basename(raucb)}": raucb})
        log(f"{name}: bundle {version}{' (its kiosk cannot start)' if broken else ''}, "
            f"{os.path.getsize(raucb) >> 20} MiB, on a stick")
        return stick

    def autoboot(self):
        """autoboot.txt as the disk holds it now; read while the guest runs, the FAT may be
        caught mid-write (mcopy fails): tried again for up to a minute."""
        for _ in range(30):
            try:
                return autoboot(self.disk.fat_read("autoboot", "autoboot.txt").decode())
            except subprocess.CalledProcessError:
                time.sleep(2)
        fail("autoboot.txt: unreadable on the disk for a minute (FAT inconsistent?)")

    def boot_until_reboot(self, sticks, what, timeout=5400):
        """Boots; waits until the guest reboots (QEMU exits: -no-reboot)."""
        m = self.fw.boot(sticks)
        self.m = m
        if not m.wait_exit(timeout):
            fail(f"boot {m.boot_no}: no reboot within {timeout // 60} minutes ({what})")
        self.fw.reboot_seen(m)
        self.m = None
        return m

    def step_update(self):
        self.m.stop()  # power off (no way to shut down from outside: power key ignored)
        self.m = None
        stick = self.bundle("update", f"{self.version}+test1")
        before = self.autoboot()
        m = self.boot_until_reboot([stick], "install the update")
        # The journal's line is "prisma-provision[PID]: BUNDLE: version V installed; ...".
        got = re.search(r"prisma-provision(?:\[\d+\])?: .*(installed; rebooting once into it|"
                        r"not installed.*|refused.*)", m.serial())
        if not got or "installed;" not in got.group(0):
            fail(f"boot {m.boot_no}: the update was not installed: {got and got.group(0)}")
        log(f"boot {m.boot_no}: {got.group(0).strip()} ({(time.monotonic() - m.started) / 60:.0f} min)")
        ab = self.autoboot()
        if not self.fw.tryboot_asked or ab["[tryboot]"] == ab["[all]"]:
            fail(f"boot {m.boot_no}: no tryboot asked for (autoboot.txt {ab}, was {before})")
        log(f"boot {m.boot_no}: rebooted with tryboot; autoboot.txt [all]={ab['[all]']} "
            f"[tryboot]={ab['[tryboot]']}")
        m = self.fw.boot([])
        self.m = m
        if m.part != ab["[tryboot]"] or not m.tryboot:
            fail(f"boot {m.boot_no}: the firmware did not try the new slot")
        self.wait_screen(m, "home", 1800, "update-home")
        health = m.wait_serial(r"prisma-health: healthy.*", 900)
        if not health:
            fail(f"boot {m.boot_no}: the new slot is not healthy (serial-{m.boot_no}.log)")
        log(f"boot {m.boot_no}: new slot: kiosk's home screen, " + health.group(0).strip())
        end = time.monotonic() + 300
        while time.monotonic() < end and self.autoboot()["[all]"] != m.part:
            time.sleep(5)
        ab = self.autoboot()
        if ab["[all]"] != m.part:
            fail(f"boot {m.boot_no}: the new slot was not marked good (autoboot.txt {ab})")
        log(f"boot {m.boot_no}: marked good: autoboot.txt [all]={ab['[all]']} (the new slot boots "
            "normally from now on)")
        if not m.wait_serial(r"Finished rauc-mark-good\.service", 300):
            fail(f"boot {m.boot_no}: rauc-mark-good.service did not finish (serial-{m.boot_no}.log)")
        self.good = m.part

    def min_version(self):
        """The minimum bundle version on the data partition (the guest is off: powered off, so
        its journal is replayed first by e2fsck on a copy, as the next mount would)."""
        tmp = os.path.join(WORK, "data-copy.ext4")
        self.disk.extract("data", tmp)
        if subprocess.run(["e2fsck", "-fp", tmp], capture_output=True).returncode > 1:
            fail("the data partition does not pass e2fsck -p")
        got = ext4_read(tmp, "/rauc/min-version").decode().strip()
        os.unlink(tmp)
        return got

    def step_rollback(self):
        self.m.stop()
        self.m = None
        want = f"{self.version}+test1"
        if self.min_version() != want:
            fail(f"after the update: minimum version '{self.min_version()}', not {want}")
        log(f"after the update: the minimum bundle version is {want} (rauc-mark-good.service)")
        stick = self.bundle("broken", f"{self.version}+test2", broken=True)
        m = self.boot_until_reboot([stick], "install the broken update")
        if "installed; rebooting once into it" not in m.serial():
            fail(f"boot {m.boot_no}: the broken update was not installed")
        log(f"boot {m.boot_no}: broken update installed, rebooting with tryboot")
        m = self.boot_until_reboot([], "the health check fails and reboots", 3600)
        if not m.tryboot or m.part == self.good:
            fail(f"boot {m.boot_no}: the broken slot was not tried")
        if not re.search(r"prisma-health: .*(not within|not healthy)", m.serial()):
            fail(f"boot {m.boot_no}: no failed health check on the serial console")
        if self.fw.tryboot_asked:
            fail(f"boot {m.boot_no}: the failed slot asked for tryboot again")
        ab = self.autoboot()
        if ab["[tryboot]"] != self.good or ab["[all]"] != self.good:
            fail(f"boot {m.boot_no}: the failed slot was not marked bad (autoboot.txt {ab})")
        log(f"boot {m.boot_no}: tried the broken slot {m.part}: health check failed, marked bad "
            f"(autoboot.txt {ab}), normal reboot")
        m = self.fw.boot([])
        self.m = m
        if m.part != self.good:
            fail(f"boot {m.boot_no}: firmware started {m.part}, not the good slot {self.good}")
        self.wait_screen(m, "home", 1800, "rollback-home")
        health = m.wait_serial(r"prisma-health: healthy.*", 900)
        if not health:
            fail(f"boot {m.boot_no}: the good slot is not healthy after the rollback")
        log(f"boot {m.boot_no}: back in the good slot {m.part}: the kiosk's home screen, "
            f"{health.group(0).strip()} (autoboot.txt {self.autoboot()})")
        if not m.wait_serial(r"Finished rauc-mark-good\.service", 300):
            fail(f"boot {m.boot_no}: rauc-mark-good.service did not finish")
        m.stop()
        self.m = None
        if self.min_version() != want:
            fail(f"after the rollback: minimum version '{self.min_version()}', not {want}")
        log(f"boot {m.boot_no}: the minimum bundle version is still {want} (the broken one never "
            "booted good)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--image", help="the disk image (default: build/image/*-rpi4.img)")
    ap.add_argument("--steps", default="boot,walk,collect,console,update,rollback")
    ap.add_argument("--skip-screens", action="store_true",
                    help="do not check what the display shows (diagnosis only: the kiosk's screen"
                         " stays black on virtio-gpu here, docs/image.md); walk and collect need it")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("image-test: run as root (debugfs on the test disk)", file=sys.stderr)
        return 1
    os.makedirs(WORK, exist_ok=True)
    open(os.path.join(WORK, "report.txt"), "w").close()
    h = Harness(None)
    h.skip_screens = args.skip_screens
    if h.skip_screens and ({"walk", "collect"} & set(args.steps.split(","))):
        print("image-test: walk and collect need the screen; not with --skip-screens",
              file=sys.stderr)
        return 1
    h.image = args.image or os.path.join(ROOT, "build", "image",
                                         f"prisma-terminal-{h.version}-rpi4.img")
    if not os.path.exists(h.image):
        print(f"image-test: {h.image}: missing; run make image first", file=sys.stderr)
        return 1
    steps = args.steps.split(",")
    t0 = time.monotonic()
    h.prepare()
    try:
        for step in steps:
            getattr(h, "step_" + step)()
    finally:
        if getattr(h, "m", None):
            h.m.stop()
    log(f"image-test: {', '.join(steps)}: passed in {(time.monotonic() - t0) / 60:.0f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
