/*
 * Proves app/core/export.c and app/core/custody.c: bounded bundles, unique
 * names, no stale temporary files, damaged envelopes kept back, and purging
 * exactly what a valid custody receipt names.
 */
#include "testworld.h"

#include "core/bundle.h"
#include "core/custody.h"
#include "core/envelope.h"
#include "core/fileio.h"
#include "core/export.h"
#include "core/receipt.h"
#include "core/terminal.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/file.h>

/* The names of the files in DIR matching SUFFIX, sorted, as one string "a b c". */
static void list_dir(const char *dir, const char *suffix, char *out, size_t size)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		if (len > strlen(suffix) && !strcmp(name + len - strlen(suffix), suffix))
			snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "",
				 name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static char *outbox_path(struct world *w)
{
	return tu_path(w->stick, "PRISMA/outbox");
}

/* Counts envelopes in the bundle file PATH, checking it parses and verifies. */
static uint32_t bundle_count(struct world *w, const char *path)
{
	struct bundle_info info;
	struct error err = { "" };
	size_t len;
	unsigned char *data = tu_read(path, &len);

	assert_int_equal(bundle_parse(data, len, &info, &err), 0);
	assert_int_equal(bundle_verify(data, len,
				       key_secret_public(terminal_signer(w->term))->public_key,
				       &err),
			 0);
	free(data);
	return info.count;
}

static void test_bundles_are_bounded(void **state)
{
	struct world *w = *state;
	struct export_options opt = { .now = 1795939200, .max_envelopes = 3 };
	struct export_result res;
	struct error err = { "" };
	char names[1024], *outbox = outbox_path(w);

	world_submit(w, 7);
	assert_int_equal(export_to_stick(w->term, w->stick, &opt, &res, &err), 0);
	assert_int_equal(res.exported, 7);
	assert_int_equal(res.bundles, 3);
	list_dir(outbox, ".prb", names, sizeof(names));
	assert_string_equal(names, "wing-a-01-20261129T080000Z-1-3.prb "
				   "wing-a-01-20261129T080000Z-4-6.prb "
				   "wing-a-01-20261129T080000Z-7-7.prb");
	char *p = tu_path(outbox, "wing-a-01-20261129T080000Z-4-6.prb");
	assert_int_equal(bundle_count(w, p), 3);
	free(p);
	free(outbox);
}

/* Two exports of the same requests in the same second: the second gets its own name. */
static void test_same_second_does_not_collide(void **state)
{
	struct world *w = *state;
	struct export_options opt = { .now = 1795939200 };
	struct export_result res;
	struct error err = { "" };
	char names[1024], *outbox = outbox_path(w);

	world_submit(w, 2);
	assert_int_equal(export_to_stick(w->term, w->stick, &opt, &res, &err), 0);
	if (export_to_stick(w->term, w->stick, &opt, &res, &err) < 0)
		fail_msg("second export: %s", err.msg);
	assert_int_equal(res.exported, 2);
	list_dir(outbox, ".prb", names, sizeof(names));
	assert_string_equal(names, "wing-a-01-20261129T080000Z-1-2-2.prb "
				   "wing-a-01-20261129T080000Z-1-2.prb");
	free(outbox);
}

/* A killed export leaves its temporary file; the next export of this terminal removes it. */
static void test_stale_temp_files_removed(void **state)
{
	struct world *w = *state;
	struct export_result res;
	struct error err = { "" };
	char names[1024], *outbox = outbox_path(w), *ours, *theirs;

	world_submit(w, 1);
	assert_int_equal(fileio_mkdirs(outbox, 0755, &err), 0);
	ours = tu_path(outbox, "wing-a-01-20261129T080000Z-1-1.prb.tmp-Ab12Cd");
	theirs = tu_path(outbox, "wing-b-02-20261129T080000Z-1-1.prb.tmp-Ab12Cd");
	tu_write_text(ours, "half a bundle");
	tu_write_text(theirs, "another terminal's");
	assert_int_equal(export_to_stick(w->term, w->stick, NULL, &res, &err), 0);
	assert_int_equal(res.stale_removed, 1);
	assert_int_equal(access(ours, F_OK), -1);
	assert_int_equal(access(theirs, F_OK), 0);
	list_dir(outbox, "Ab12Cd", names, sizeof(names));
	assert_string_equal(names, "wing-b-02-20261129T080000Z-1-1.prb.tmp-Ab12Cd");
	free(ours);
	free(theirs);
	free(outbox);
}

/*
 * Two exports to one stick at once: the second waits for the first (here: is told it is
 * running) instead of taking the first one's temporary file for a killed export's and
 * removing it under its feet.
 */
static void test_running_export_not_disturbed(void **state)
{
	struct world *w = *state;
	struct export_options no_wait = { .lock_wait_ms = -1 };
	struct export_result res;
	struct error err = { "" };
	char *outbox = outbox_path(w), *live;
	int held;

	world_submit(w, 1);
	assert_int_equal(fileio_mkdirs(outbox, 0755, &err), 0);
	live = tu_path(outbox, "wing-a-01-20261129T080000Z-1-1.prb.tmp-Ab12Cd");
	tu_write_text(live, "a bundle being written");
	held = open(outbox, O_RDONLY | O_DIRECTORY); /* the export that is writing it */
	assert_true(held >= 0);
	assert_int_equal(flock(held, LOCK_EX), 0);
	assert_int_equal(export_to_stick(w->term, w->stick, &no_wait, &res, &err), -1);
	tu_assert_contains(err.msg, "another export to this stick is running; nothing written");
	assert_int_equal(access(live, F_OK), 0);
	close(held); /* it ended (or was killed): its file is stale now */
	assert_int_equal(export_to_stick(w->term, w->stick, &no_wait, &res, &err), 0);
	assert_int_equal(res.stale_removed, 1);
	assert_int_equal(res.exported, 1);
	free(live);
	free(outbox);
}

/* Flips one byte in the middle of the envelope stored under COUNTER, as a bad sector would. */
static void damage(struct world *w, uint64_t counter)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	unsigned char *copy;
	int len;

	assert_int_equal(sqlite3_open(w->spool_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT envelope FROM envelopes WHERE counter = ?",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)counter);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	len = sqlite3_column_bytes(st, 0);
	copy = malloc((size_t)len);
	memcpy(copy, sqlite3_column_blob(st, 0), (size_t)len);
	sqlite3_finalize(st);
	copy[len / 2] ^= 0x40;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "UPDATE envelopes SET envelope = ? WHERE counter = ?",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(st, 1, copy, len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)counter);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(copy);
}

/* One damaged envelope is kept back and named; every other one is shipped. */
static void test_damaged_kept_back(void **state)
{
	struct world *w = *state;
	struct export_result res;
	struct export_check check;
	struct error err = { "" };
	char names[1024], *outbox = outbox_path(w), *path;

	world_submit(w, 3);
	damage(w, 2);
	assert_int_equal(export_check_spool(w->term, &check, &err), 0);
	assert_int_equal(check.pending, 3);
	assert_int_equal(check.damaged, 1);
	assert_int_equal(check.damaged_counters[0], 2);
	assert_int_equal(export_to_stick(w->term, w->stick, NULL, &res, &err), 0);
	assert_int_equal(res.exported, 2);
	assert_int_equal(res.damaged, 1);
	assert_int_equal(res.damaged_counters[0], 2);
	list_dir(outbox, ".prb", names, sizeof(names));
	path = tu_path(outbox, names);
	assert_int_equal(bundle_count(w, path), 2);
	free(path);
	free(outbox);
}

/* A PRISMA folder that is a link off the stick is refused; nothing is written through it. */
static void test_linked_prisma_refused(void **state)
{
	struct world *w = *state;
	struct export_result res;
	struct error err = { "" };
	char *elsewhere = tu_path(w->dir, "elsewhere"), *link = tu_path(w->stick, "PRISMA");

	world_submit(w, 1);
	assert_int_equal(mkdir(w->stick, 0755), 0);
	assert_int_equal(mkdir(elsewhere, 0755), 0);
	assert_int_equal(symlink(elsewhere, link), 0);
	assert_int_equal(export_to_stick(w->term, w->stick, NULL, &res, &err), -1);
	tu_assert_contains(err.msg, "not a directory");
	assert_int_equal(tu_files_containing(elsewhere, "PRS", 3), 0);
	free(elsewhere);
	free(link);
}

struct swap {
	char *path, *aside, *target; /* PATH is moved to ASIDE and becomes a link to TARGET */
};

static void swap_for_link(void *ctx)
{
	struct swap *s = ctx;

	assert_int_equal(rename(s->path, s->aside), 0);
	assert_int_equal(symlink(s->target, s->path), 0);
}

/*
 * The stick's folder (RELATIVE: PRISMA or PRISMA/outbox) is swapped for a link
 * off the stick after export checked it and before it writes: the bundle goes
 * into the folder it checked (now at RELATIVE.aside), nothing through the link.
 */
static void export_with_swap(struct world *w, const char *relative)
{
	char aside[64], outbox[64], *outside = tu_path(w->dir, "outside");
	char *outside_outbox = tu_path(outside, "outbox");
	struct swap s = { tu_path(w->stick, relative), NULL, outside };
	struct export_options opt = { .before_write = swap_for_link, .before_write_ctx = &s };
	struct export_result res;
	struct error err = { "" };
	char *written;

	snprintf(aside, sizeof(aside), "%s.aside", relative);
	s.aside = tu_path(w->stick, aside);
	world_submit(w, 1);
	assert_int_equal(mkdir(outside, 0755), 0);
	assert_int_equal(mkdir(outside_outbox, 0755), 0);
	/* The first export makes the folders; the second is the one raced. */
	assert_int_equal(export_to_stick(w->term, w->stick, NULL, &res, &err), 0);
	world_submit(w, 1);
	opt.now = (uint64_t)time(NULL) + 10;
	assert_int_equal(export_to_stick(w->term, w->stick, &opt, &res, &err), 0);
	assert_int_equal(res.bundles, 1);
	assert_int_equal(tu_files_containing(outside, "PRS", 3), 0);
	snprintf(outbox, sizeof(outbox), "%s",
		 !strcmp(relative, "PRISMA") ? "PRISMA.aside/outbox" : "PRISMA/outbox.aside");
	written = tu_path(w->stick, outbox);
	assert_int_equal(tu_files_containing(written, "PRS", 3), 2);
	free(written);
	free(s.path);
	free(s.aside);
	free(outside_outbox);
	free(outside);
}

/* Time of check, time of use: nothing is written through a link swapped in between. */
static void test_swapped_prisma_not_followed(void **state)
{
	export_with_swap(*state, "PRISMA");
}

static void test_swapped_outbox_not_followed(void **state)
{
	export_with_swap(*state, "PRISMA/outbox");
}

/* A stick pulled during the round: its mount point is a plain folder again. Nothing is
 * written there and nothing is marked; the stick itself takes the export. */
static void test_pulled_stick_not_written(void **state)
{
	struct world *w = *state;
	struct export_options opt = { 0 };
	struct export_result res;
	struct error err = { "" };
	struct stat st;
	char *gone = tu_path(w->dir, "stick-gone"), *prisma = tu_path(w->stick, "PRISMA");

	world_submit(w, 2);
	assert_int_equal(mkdir(w->stick, 0755), 0);
	assert_int_equal(stat(w->stick, &st), 0);
	opt.stick_dev = st.st_dev;
	opt.stick_ino = st.st_ino;
	assert_int_equal(rename(w->stick, gone), 0);
	assert_int_equal(mkdir(w->stick, 0755), 0);
	assert_int_equal(export_to_stick(w->term, w->stick, &opt, &res, &err), -1);
	tu_assert_contains(err.msg, "no longer on the stick");
	assert_int_equal(access(prisma, F_OK), -1);
	assert_int_equal(world_exported_count(w), 0);
	assert_int_equal(export_to_stick(w->term, gone, &opt, &res, &err), 0);
	assert_int_equal(res.exported, 2);
	assert_int_equal(world_exported_count(w), 2);
	free(gone);
	free(prisma);
}

struct hashes {
	unsigned char h[64][RECEIPT_HASH_BYTES];
	unsigned char sig[64][64]; /* each envelope's signature: unique bytes to look for */
	size_t n;
};

static int collect_hash(void *ctx, uint64_t counter, const unsigned char *env, size_t len)
{
	struct hashes *hs = ctx;

	memcpy(hs->sig[hs->n], env + len - 64, 64);
	receipt_envelope_hash(env, len, hs->h[hs->n++]);
	return 0;
}

/* Writes a receipt by KEY for TID naming hashes FIRST..FIRST+COUNT-1 as stick file NAME. */
static void put_receipt(struct world *w, const char *key_name, const char *tid,
			const struct hashes *hs, size_t first, size_t count, const char *name,
			size_t cut)
{
	struct key_secret *key = world_office_key(w, key_name, KEY_ED25519);
	struct error err = { "" };
	char *dir = tu_path(w->stick, "PRISMA/receipts"), *path = tu_path(dir, name);
	unsigned char *data;
	size_t len;

	assert_int_equal(fileio_mkdirs(dir, 0755, &err), 0);
	assert_int_equal(receipt_write(tid, 1795939200, (const unsigned char(*)[32])hs->h[first],
				       count, key, &data, &len, &err),
			 0);
	tu_write(path, data, len - cut);
	free(data);
	free(dir);
	free(path);
	key_secret_free(key);
}

static long pending(struct world *w)
{
	return spool_count_pending(terminal_spool(w->term), &(struct error){ "" });
}

/* Forged, truncated and other terminals' receipts change nothing; a valid one purges exactly. */
static void test_receipts_purge_exactly(void **state)
{
	struct world *w = *state;
	struct custody_result res;
	struct error err = { "" };
	struct hashes hs = { .n = 0 };
	char *spool_dir = tu_path(w->dir, "spool"),
	     *receipts = tu_path(w->stick, "PRISMA/receipts");
	char names[1024];

	world_submit(w, 4);
	assert_int_equal(spool_foreach_pending(terminal_spool(w->term), collect_hash, &hs, &err),
			 0);
	put_receipt(w, "forger", "wing-a-01", &hs, 0, 4, "a-forged.prr", 0);
	put_receipt(w, "collection", "wing-a-01", &hs, 0, 4, "b-truncated.prr", 1);
	put_receipt(w, "collection", "wing-b-02", &hs, 0, 4, "c-other.prr", 0);
	assert_int_equal(custody_collect(w->term, w->stick, NULL, NULL, NULL, &res, &err), 0);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(res.foreign, 1);
	assert_int_equal(res.purged, 0);
	assert_int_equal(pending(w), 4);
	assert_int_equal(res.export.exported, 4);
	/* The real one names the first two: exactly those go. */
	put_receipt(w, "collection", "wing-a-01", &hs, 0, 2, "d-good.prr", 0);
	assert_int_equal(custody_collect(w->term, w->stick, NULL, NULL, NULL, &res, &err), 0);
	assert_int_equal(res.applied, 1);
	assert_int_equal(res.purged, 2);
	assert_int_equal(pending(w), 2);
	assert_int_equal(res.export.exported, 2);
	list_dir(receipts, ".prr", names, sizeof(names));
	assert_string_equal(names, "c-other.prr");
	/* Replayed: reported, nothing more goes. */
	put_receipt(w, "collection", "wing-a-01", &hs, 0, 2, "e-replay.prr", 0);
	assert_int_equal(custody_collect(w->term, w->stick, NULL, NULL, NULL, &res, &err), 0);
	assert_int_equal(res.replayed, 1);
	assert_int_equal(res.purged, 0);
	assert_int_equal(pending(w), 2);
	/* secure_delete: the purged envelopes' bytes are gone from the spool's files. */
	terminal_close(w->term);
	w->term = NULL;
	assert_int_equal(tu_files_containing(spool_dir, hs.sig[0], 64), 0);
	assert_int_equal(tu_files_containing(spool_dir, hs.sig[1], 64), 0);
	assert_int_equal(tu_files_containing(spool_dir, hs.sig[2], 64), 1);
	free(spool_dir);
	free(receipts);
}

/*
 * Past BUNDLE_MAX_ENVELOPES pending requests export used to fail for ever. 100,001 real
 * envelopes are stored directly (one transaction: submitting each would take minutes);
 * export must ship every one, in bounded bundles.
 */
static void test_volume_never_fails(void **state)
{
	struct world *w = *state;
	const long n = BUNDLE_MAX_ENVELOPES + 1;
	struct export_result res;
	struct key_public vpn;
	struct error err = { "" };
	char *vpn_path = tu_path(w->dir, "office/vpn.pub");
	unsigned char *env, ref[32] = { 0 };
	size_t len, env_len = 0;
	long per;
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(key_public_load(&vpn, vpn_path, KEY_X25519, &err), 0);
	assert_int_equal(sqlite3_open(w->spool_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO envelopes(counter, envelope, "
					    "reference_hash) VALUES(?, ?, ?)",
					    -1, &st, NULL),
			 SQLITE_OK);
	for (long c = 1; c <= n; c++) {
		assert_int_equal(envelope_seal("wing-a-01", (uint64_t)c, &vpn, 1,
					       (const unsigned char *)"{}", 2,
					       terminal_signer(w->term), &env, &len, &err),
				 0);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c);
		sqlite3_bind_blob(st, 2, env, (int)len, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 3, ref, sizeof(ref), SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		env_len = len;
		free(env);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE meta SET value = 100002 WHERE key = 'next_counter';"
				      "COMMIT",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	if (export_to_stick(w->term, w->stick, NULL, &res, &err) < 0)
		fail_msg("export: %s", err.msg);
	assert_int_equal(res.exported, n);
	assert_int_equal(res.damaged, 0);
	/* A bundle closes at EXPORT_BUNDLE_ENVELOPES or before EXPORT_BUNDLE_BYTES, whichever
	 * comes first: "PRSB", version, id length, id, created, next counter, count, then per
	 * envelope its length and bytes (all envelopes of format 2 have one size). */
	per = (long)((EXPORT_BUNDLE_BYTES - (4 + 1 + 1 + strlen("wing-a-01") + 8 + 8 + 4)) /
		     (env_len + 4));
	if (per > EXPORT_BUNDLE_ENVELOPES)
		per = EXPORT_BUNDLE_ENVELOPES;
	assert_int_equal(res.bundles, (n + per - 1) / per);
	free(vpn_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bundles_are_bounded, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_same_second_does_not_collide, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_stale_temp_files_removed, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_running_export_not_disturbed, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_kept_back, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_linked_prisma_refused, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_pulled_stick_not_written, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_swapped_prisma_not_followed, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_swapped_outbox_not_followed, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_receipts_purge_exactly, world_setup,
						world_teardown),
		cmocka_unit_test_setup_teardown(test_volume_never_fails, world_setup,
						world_teardown),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
