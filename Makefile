# SPDX-License-Identifier: GPL-2.0
#
# vcanmc: a virtual CAN bus that spans hosts.
#
#   make                 kmod/vcanmc.ko (against KDIR) and the userspace tools
#   make check           install what is missing (apt, as root), build, run the
#                        host unit tests and the kselftest suite in a VM on
#                        every test kernel; ends with "N passed, N failed, ..."
#                        (VCANMC_ASAN=1: vcanmc and vcanmcd with ASan and
#                        UBSan, and a report fails the test)
#   make kdebug          a debug kernel for the VM (KASAN, lockdep, kmemleak,
#                        ...) from Debian's linux-source-6.1, in build/kdebug
#   make check-kdebug    the VM suite on it (slow: not part of make check)
#   make fuzz            fuzz every parser of untrusted input, 10 million
#                        executions each (FUZZ_RUNS=N)
#   make deb             Debian packages vcanmc, vcanmc-dkms, vcanmc-iproute2 in build/deb
#   make stress          the long stress runs (load/unload, create/delete,
#                        restarts, garbage flood, 10M fuzzed records), in a VM
#   make demo            see it work: three hosts share one CAN bus (here if
#                        this kernel can, else in a VM)
#   make bench           zero-loss rate and round trip of vcanmc (both
#                        encapsulations), vxcan and a
#                        python-can bridge, in a VM (newest test kernel;
#                        KVER=..., or BENCH_KERNELS=all); see selftests/bench
#   make install         install the module (for KDIR's kernel), the tools,
#                        the systemd units, the man pages and the documents
#                        they name (DESTDIR, PREFIX); make uninstall removes them. The parts:
#                        make install-module, make install-tools
#   make dkms-install    let DKMS build and install the module, now and for
#                        every kernel installed later; make dkms-uninstall
#   make clean
#
# KDIR: kernel build tree, by default the running kernel's or else the newest
# Debian amd64 headers in /usr/src.

ifndef KDIR
KDIR := $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))
endif
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
UNITDIR ?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/lib/vcanmc
MAN8DIR ?= $(PREFIX)/share/man/man8
DOCDIR ?= $(PREFIX)/share/doc/vcanmc
# ip's plugin directory, for link_vcanmc.so; not installed unless given
# (Debian 12: IPLIBDIR=/usr/lib/x86_64-linux-gnu/ip)
IPLIBDIR ?=
# The release of KDIR's kernel: the module goes to
# /lib/modules/$(KRELEASE)/updates.
KRELEASE := $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
		$(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# What DKMS builds from, copied to DKMS_SRC. VERSION is the release of
# everything; dkms.conf says it again, as DKMS needs (tools/check-version.sh).
DKMS_VERSION := $(shell cat VERSION)
DKMS_SRC ?= /usr/src/vcanmc-$(DKMS_VERSION)
DKMS_FILES := VERSION dkms.conf include/uapi/linux/vcanmc.h kmod/Kbuild kmod/Makefile \
	      $(filter-out %.mod.c,$(wildcard kmod/*.[ch] kmod/compat/*.h))
UNITS := vcanmcd.service vcanmcd@.service vcanmc-links.service
MANPAGES := vcanmc.8 vcanmcd.8
# What the man pages point a user to, installed to DOCDIR; the pages name
# /usr/share/doc/vcanmc, which install-tools turns into DOCDIR.
DOCS := Documentation/vcanmc.rst Documentation/python-can.md Documentation/security.md \
	Documentation/benchmarks.md
DOC_EXAMPLES := Documentation/examples/nft-sources.sh Documentation/examples/ipsec-esp.sh \
		Documentation/examples/canid-prio.sh

LINUX_SOURCE ?= /usr/src/linux-source-6.1.tar.xz
KSFT_DIR := build/kselftest/tools/testing/selftests
KSFT_FILES := kselftest.h kselftest_harness.h kselftest/runner.sh \
	      kselftest/prefix.pl kselftest/module.sh lib.mk run_kselftest.sh

all: kmod userspace

kmod:
	$(MAKE) -C kmod KDIR=$(KDIR)

userspace:
	$(MAKE) -C userspace

# The kselftest framework, from Debian's kernel source: not kept in the tree.
kselftest: $(KSFT_DIR)/lib.mk

$(KSFT_DIR)/lib.mk: $(LINUX_SOURCE)
	mkdir -p build/kselftest
	tar -xJf $< -C build/kselftest --strip-components=1 \
		$(addprefix linux-source-6.1/tools/testing/selftests/,$(KSFT_FILES))
	touch $@

# An installed kselftest tree, as the VM runs it: build/ksft/run_kselftest.sh
ksft: kselftest userspace
	rm -rf build/ksft
	$(MAKE) -C selftests install INSTALL_PATH=$(CURDIR)/build/ksft/vcanmc
	cp $(KSFT_DIR)/run_kselftest.sh build/ksft/
	cp -r $(KSFT_DIR)/kselftest build/ksft/
	$(MAKE) -s --no-print-directory -C selftests emit_tests COLLECTION=vcanmc \
		> build/ksft/kselftest-list.txt
	$(MAKE) -C selftests/daemon install INSTALL_PATH=$(CURDIR)/build/ksft/vcanmcd
	$(MAKE) -s --no-print-directory -C selftests/daemon emit_tests COLLECTION=vcanmcd \
		>> build/ksft/kselftest-list.txt

check:
	tools/check.sh

kdebug:
	tools/kdebug.sh

check-kdebug:
	tools/check-kdebug.sh

# Fuzz every parser of untrusted input under ASan and UBSan: the datagram
# decoders (python-can's, both encapsulations, and IEEE 1722's) for
# FUZZ_RUNS executions, the status answer and link message parsers the
# same; make check runs each briefly.
FUZZ_RUNS ?= 10000000
fuzz:
	$(MAKE) -C userspace/codec fuzz FUZZ_RUNS=$(FUZZ_RUNS)
	$(MAKE) -C userspace/codec fuzz-avtp FUZZ_RUNS=$(FUZZ_RUNS)
	$(MAKE) -C userspace/fuzz run RUNS=$(FUZZ_RUNS)

# Debian packages vcanmc, vcanmc-dkms and vcanmc-iproute2 in build/deb, checked by lintian.
deb:
	tools/deb.sh

# The long stress runs in the test VM, every test kernel; figures at the end.
stress:
	tools/stress.sh

# Three hosts sharing one CAN bus, narrated, in the test VM (newest kernel).
demo:
	tools/demo.sh

# Benchmarks in the test VM; builds the module per kernel and the tools.
bench:
	selftests/bench/vm.sh

# With DESTDIR, depmod and systemd's reload are left to the package's
# installation. The units run $(SBINDIR)/vcanmcd.
install: install-module install-tools

install-module: kmod
	@test -n "$(KRELEASE)" || { echo "install: no kernel release in KDIR=$(KDIR)" >&2; exit 1; }
	$(MAKE) -C kmod KDIR=$(KDIR) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates \
		modules_install
	$(if $(DESTDIR),,depmod -a $(KRELEASE))

install-tools: userspace
	$(MAKE) -C userspace install PREFIX=$(PREFIX) SBINDIR=$(SBINDIR) IPLIBDIR=$(IPLIBDIR)
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(MAN8DIR)
	install -D -m 0755 packaging/vcanmc-links $(DESTDIR)$(LIBEXECDIR)/vcanmc-links
	for unit in $(UNITS); do \
		sed -e 's|/usr/local/sbin/|$(SBINDIR)/|' \
		    -e 's|/usr/local/lib/vcanmc/|$(LIBEXECDIR)/|' packaging/$$unit \
			> $(DESTDIR)$(UNITDIR)/$$unit && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit || exit 1; \
	done
	for page in $(MANPAGES); do \
		sed 's|/usr/share/doc/vcanmc/|$(DOCDIR)/|g' packaging/man/$$page \
			> $(DESTDIR)$(MAN8DIR)/$$page && \
		chmod 0644 $(DESTDIR)$(MAN8DIR)/$$page || exit 1; \
	done
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 0755 $(DOC_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	$(if $(DESTDIR),,[ ! -d /run/systemd/system ] || systemctl daemon-reload)

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KRELEASE)/updates/vcanmc.ko*
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) SBINDIR=$(SBINDIR) IPLIBDIR=$(IPLIBDIR)
	rm -f $(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS))
	rm -f $(DESTDIR)$(LIBEXECDIR)/vcanmc-links
	rm -f $(addprefix $(DESTDIR)$(MAN8DIR)/,$(MANPAGES))
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS))) \
	      $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(DOC_EXAMPLES)))
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR)
	$(if $(DESTDIR),,[ ! -d /run/systemd/system ] || systemctl daemon-reload)

# DKMS keeps its own copy of the source, in DKMS_SRC; re-running dkms-install
# replaces an earlier registration of the same version.
dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	cp --parents $(DKMS_FILES) $(DKMS_SRC)/

# A module that make install-module put in updates/ would make DKMS refuse
# to install its own of the same version: it goes.
dkms-install: dkms-src
	rm -f $(if $(KRELEASE),/lib/modules/$(KRELEASE)/updates/vcanmc.ko*)
	! dkms status -m vcanmc -v $(DKMS_VERSION) | grep -q . || \
		dkms remove -m vcanmc -v $(DKMS_VERSION) --all
	dkms add -m vcanmc -v $(DKMS_VERSION)
	dkms install -m vcanmc -v $(DKMS_VERSION) $(if $(KRELEASE),-k $(KRELEASE))

dkms-uninstall:
	! dkms status -m vcanmc -v $(DKMS_VERSION) | grep -q . || \
		dkms remove -m vcanmc -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	$(MAKE) -C kmod KDIR=$(KDIR) clean || true
	$(MAKE) -C userspace clean
	rm -rf build

.PHONY: all kmod userspace kselftest ksft check kdebug check-kdebug fuzz deb stress demo bench install install-module \
	install-tools uninstall dkms-src dkms-install dkms-uninstall clean
