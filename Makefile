# SPDX-License-Identifier: GPL-2.0
#
# vcanmc: a virtual CAN bus that spans hosts.
#
#   make                 kmod/vcanmc.ko (against KDIR) and the userspace tools
#   make check           install what is missing (apt, as root), build, run the
#                        host unit tests and the kselftest suite in a VM on
#                        every test kernel; ends with "N passed, N failed, ..."
#   make fuzz            fuzz the network datagram decoder (FUZZ_SECONDS=600)
#   make install         install module and tools (DESTDIR, PREFIX)
#   make clean
#
# KDIR: kernel build tree, by default the running kernel's or else the newest
# Debian amd64 headers in /usr/src.

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
PREFIX ?= /usr/local

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

check:
	tools/check.sh

# Fuzz the datagram decoder for FUZZ_SECONDS (default 600); make check runs
# it briefly.
fuzz:
	$(MAKE) -C userspace/codec fuzz

install: all
	$(MAKE) -C kmod KDIR=$(KDIR) modules_install
	depmod -a $(notdir $(patsubst %/build,%,$(KDIR))) 2>/dev/null || depmod -a
	$(MAKE) -C userspace install PREFIX=$(PREFIX)

clean:
	$(MAKE) -C kmod KDIR=$(KDIR) clean || true
	$(MAKE) -C userspace clean
	rm -rf build

.PHONY: all kmod userspace kselftest ksft check fuzz install clean
