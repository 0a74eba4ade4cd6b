/*
 * make bench: the bare C floor. The same work as submit, export, import and
 * list, on the same format 2 envelopes and bundles, written straight against
 * libsodium and SQLite: no validation, no custody bookkeeping, no escaping,
 * no guarded memory. Key files are read with core's loader (its Argon2id
 * unlock is part of both sides' memory). docs/performance.md compares.
 *
 *   floor submit SPOOL.db SIGNING.key RECIPIENT.pub COUNT   seal + commit COUNT, print timings
 *   floor export SPOOL.db SIGNING.key OUT.prb              verify, bundle, sign, write, fsync
 *   floor import OFFICE.db BUNDLE...                       verify and store (known: by hash)
 *   floor list OFFICE.db RECIPIENT.key                     open and print every envelope
 *   floor cheapkey RECIPIENT.key OUT.key                   the same key sealed at Argon2id's
 *                                                          minimum cost (bench only: shows
 *                                                          list's memory without the unlock)
 */
#include "core/keys.h"

#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOTS	   4
#define SLOT_BYTES 80
#define PADDED	   4096
#define CT_BYTES   (PADDED + 16)
#define CERT_BYTES 149
#define CHUNK	   5000 /* envelopes per bundle, as export's bound */

static void floor_die(const char *what)
{
	fprintf(stderr, "floor: %s\n", what);
	exit(1);
}

static double floor_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static sqlite3 *floor_db(const char *path, const char *schema)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		floor_die(path);
	return db;
}

static void floor_put_be(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
}

static uint64_t floor_get_be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

/* One format 2 envelope of TID/COUNTER sealed to PK into ENV; returns its length. */
static size_t floor_seal(unsigned char *env, const char *tid, uint64_t counter,
			 const unsigned char *pk, const unsigned char *sk, int i)
{
	size_t tl = strlen(tid), slots = 6 + tl + 8, nonce = slots + SLOTS * SLOT_BYTES;
	size_t ct = nonce + 24, sig = ct + CT_BYTES, padded_len;
	unsigned char key[32], plain[PADDED], scalar[32];
	int n = snprintf(
		(char *)plain, sizeof(plain),
		"{\"service\":\"akt\",\"language\":\"de\",\"created\":\"2026-11-29T08:00:00Z\","
		"\"reference\":\"K7QM-3XPA\",\"contact\":{\"mode\":\"named\",\"name\":\"Bench "
		"Person %d\",\"number\":\"%d\",\"unit\":\"B "
		"%d\"},\"times\":\"\",\"message\":\"%.400s\"}",
		i, 1000 + i, i % 40, "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm");

	memcpy(env, "PRSE\x02", 5);
	env[5] = (unsigned char)tl;
	memcpy(env + 6, tid, tl);
	floor_put_be(env + 6 + tl, counter, 8);
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	if (crypto_box_seal(env + slots, key, 32, pk) != 0)
		floor_die("seal");
	for (int s = 1; s < SLOTS; s++) {
		randombytes_buf(scalar, sizeof(scalar));
		if (crypto_scalarmult_base(env + slots + s * SLOT_BYTES, scalar) != 0)
			floor_die("decoy");
		randombytes_buf(env + slots + s * SLOT_BYTES + 32, SLOT_BYTES - 32);
	}
	randombytes_buf(env + nonce, 24);
	if (sodium_pad(&padded_len, plain, (size_t)n, PADDED, PADDED) != 0 ||
	    crypto_aead_xchacha20poly1305_ietf_encrypt(env + ct, NULL, plain, PADDED, env, ct, NULL,
						       env + nonce, key) != 0)
		floor_die("encrypt");
	crypto_sign_detached(env + sig, NULL, env, sig, sk);
	sodium_memzero(plain, sizeof(plain));
	sodium_memzero(key, sizeof(key));
	return sig + 64;
}

static int floor_compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void floor_submit(char **argv)
{
	struct error err = { { 0 } };
	struct key_secret *signer = key_secret_load(argv[3], KEY_ED25519, NULL, &err);
	struct key_public pub;
	int count = atoi(argv[5]);
	double *ms = calloc((size_t)count, sizeof(double)), sum = 0;
	sqlite3 *db = floor_db(argv[2], "CREATE TABLE IF NOT EXISTS envelopes(counter INTEGER "
					"PRIMARY KEY, envelope BLOB, reference_hash BLOB)");
	unsigned char env[8192], hash[32] = { 0 };
	sqlite3_stmt *st = NULL;

	if (!signer || key_public_load(&pub, argv[4], KEY_X25519, &err) < 0 || !ms || count < 1)
		floor_die(err.msg[0] ? err.msg : "usage");
	if (sqlite3_prepare_v2(db, "INSERT INTO envelopes VALUES(?, ?, ?)", -1, &st, NULL))
		floor_die("prepare");
	for (int i = 0; i < count; i++) {
		double start = floor_ms();
		size_t len = floor_seal(env, "bench", (uint64_t)i + 1, pub.public_key,
					key_secret_bytes(signer), i);
		sqlite3_reset(st);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ||
		    sqlite3_bind_int64(st, 1, i + 1) ||
		    sqlite3_bind_blob(st, 2, env, (int)len, 0) ||
		    sqlite3_bind_blob(st, 3, hash, 32, 0) || sqlite3_step(st) != SQLITE_DONE ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
			floor_die(sqlite3_errmsg(db));
		ms[i] = floor_ms() - start;
		sum += ms[i];
	}
	qsort(ms, (size_t)count, sizeof(double), floor_compare);
	printf("floor seal + commit: n=%d mean=%.3f ms median=%.3f ms p95=%.3f ms max=%.3f ms\n",
	       count, sum / count, ms[count / 2], ms[count * 95 / 100], ms[count - 1]);
	sqlite3_finalize(st);
	sqlite3_close(db);
	key_secret_free(signer);
	free(ms);
}

/* Signs and writes one bundle of BUF (header + envelopes) as OUT-N.prb, fsynced. */
static void floor_write_bundle(unsigned char *buf, size_t len, size_t count_pos, uint32_t count,
			       const struct key_secret *signer, const char *out, int n)
{
	char path[4096];
	int fd;

	floor_put_be(buf + count_pos, count, 4);
	memset(buf + len, 0, CERT_BYTES);
	memcpy(buf + len + CERT_BYTES, key_secret_public(signer)->public_key, 32);
	len += CERT_BYTES + 32;
	crypto_sign_detached(buf + len, NULL, buf, len, key_secret_bytes(signer));
	len += 64;
	snprintf(path, sizeof(path), "%s-%d.prb", out, n);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || fsync(fd) != 0 || close(fd) != 0)
		floor_die(path);
}

static void floor_export(char **argv)
{
	struct error err = { { 0 } };
	struct key_secret *signer = key_secret_load(argv[3], KEY_ED25519, NULL, &err);
	sqlite3 *db = floor_db(argv[2], "SELECT 1");
	size_t cap = (size_t)CHUNK * 4700 + 4096, len = 0, count_pos = 0;
	unsigned char *buf = malloc(cap);
	uint32_t count = 0;
	int bundles = 0;
	sqlite3_stmt *st = NULL;

	if (!signer || !buf ||
	    sqlite3_prepare_v2(db,
			       "SELECT envelope FROM envelopes WHERE acknowledged_at IS NULL "
			       "ORDER BY counter",
			       -1, &st, NULL))
		floor_die("export: key or spool");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *env = sqlite3_column_blob(st, 0);
		size_t el = (size_t)sqlite3_column_bytes(st, 0);
		if (el < 64 || crypto_sign_verify_detached(env + el - 64, env, el - 64,
							   key_secret_public(signer)->public_key))
			floor_die("export: damaged envelope");
		if (count == CHUNK) {
			floor_write_bundle(buf, len, count_pos, count, signer, argv[4], bundles++);
			count = 0;
		}
		if (!count) {
			memcpy(buf,
			       "PRSB\x03\x05"
			       "bench",
			       11);
			memset(buf + 11, 0, 16);
			count_pos = 27, len = 31;
		}
		floor_put_be(buf + len, el, 4);
		memcpy(buf + len + 4, env, el);
		len += 4 + el;
		count++;
	}
	if (count)
		floor_write_bundle(buf, len, count_pos, count, signer, argv[4], bundles++);
	printf("floor export: %d bundle(s)\n", bundles);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(buf);
	key_secret_free(signer);
}

/* Stores the envelopes of one bundle file; returns how many were new. */
static long floor_import_file(sqlite3 *db, sqlite3_stmt *known, sqlite3_stmt *insert,
			      const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = malloc(256u << 20), hash[32];
	size_t len = f ? fread(data, 1, 256u << 20, f) : 0, pos, tl;
	const unsigned char *pk;
	long added = 0;

	if (!f || !data || len < 31 + CERT_BYTES + 96)
		floor_die(path);
	fclose(f);
	pk = data + len - 96;
	if (crypto_sign_verify_detached(data + len - 64, data, len - 64, pk))
		floor_die("bundle signature");
	tl = data[5];
	pos = 6 + tl + 20;
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (uint64_t i = 0, n = floor_get_be(data + pos - 4, 4); i < n; i++) {
		size_t el = (size_t)floor_get_be(data + pos, 4);
		const unsigned char *env = data + pos + 4;
		pos += 4 + el;
		crypto_generichash(hash, 32, env, el, NULL, 0);
		sqlite3_reset(known);
		sqlite3_bind_blob(known, 1, hash, 32, SQLITE_STATIC);
		if (sqlite3_step(known) == SQLITE_ROW &&
		    sqlite3_column_bytes(known, 0) == (int)el &&
		    !memcmp(sqlite3_column_blob(known, 0), env, el))
			continue;
		if (crypto_sign_verify_detached(env + el - 64, env, el - 64, pk))
			floor_die("envelope signature");
		sqlite3_reset(insert);
		if (sqlite3_bind_blob(insert, 1, hash, 32, SQLITE_STATIC) ||
		    sqlite3_bind_int64(insert, 2,
				       (sqlite3_int64)floor_get_be(env + 6 + env[5], 8)) ||
		    sqlite3_bind_blob(insert, 3, env, (int)el, SQLITE_STATIC) ||
		    sqlite3_step(insert) != SQLITE_DONE)
			floor_die(sqlite3_errmsg(db));
		added++;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
		floor_die(sqlite3_errmsg(db));
	free(data);
	return added;
}

static void floor_import(int argc, char **argv)
{
	sqlite3 *db = floor_db(argv[2], "CREATE TABLE IF NOT EXISTS envelopes(hash BLOB PRIMARY "
					"KEY, counter INTEGER, envelope BLOB)");
	sqlite3_stmt *known = NULL, *insert = NULL;
	long added = 0;

	if (sqlite3_prepare_v2(db, "SELECT envelope FROM envelopes WHERE hash = ?", -1, &known,
			       NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO envelopes VALUES(?, ?, ?)", -1, &insert, NULL))
		floor_die("prepare");
	for (int i = 3; i < argc; i++)
		added += floor_import_file(db, known, insert, argv[i]);
	printf("floor import: %ld new\n", added);
	sqlite3_finalize(known);
	sqlite3_finalize(insert);
	sqlite3_close(db);
}

/* Opens ENV with SK/PK into PLAIN; returns the payload length, or 0 if not addressed to it. */
static size_t floor_open(const unsigned char *env, size_t el, const unsigned char *pk,
			 const unsigned char *sk, unsigned char *plain)
{
	size_t tl = env[5], slots = 6 + tl + 8, nonce = slots + SLOTS * SLOT_BYTES, ct = nonce + 24;
	size_t unpadded = 0;
	unsigned char key[32];
	int s;

	for (s = 0; s < SLOTS; s++)
		if (!crypto_box_seal_open(key, env + slots + s * SLOT_BYTES, SLOT_BYTES, pk, sk))
			break;
	if (s == SLOTS || el < ct + CT_BYTES)
		return 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL, env + ct, CT_BYTES, env,
						       ct, env + nonce, key) ||
	    sodium_unpad(&unpadded, plain, PADDED, PADDED))
		floor_die("decrypt");
	sodium_memzero(key, sizeof(key));
	return unpadded;
}

static void floor_list(char **argv)
{
	struct error err = { { 0 } };
	struct key_secret *key;
	char *pass = getenv("PRISMA_PASSPHRASE");
	sqlite3 *db = floor_db(argv[2], "SELECT 1");
	unsigned char plain[PADDED];
	sqlite3_stmt *st = NULL;
	long count = 0;

	key = key_secret_load(argv[3], KEY_X25519, pass, &err);
	if (!key || sqlite3_prepare_v2(db, "SELECT envelope FROM envelopes ORDER BY counter", -1,
				       &st, NULL))
		floor_die(err.msg[0] ? err.msg : "list");
	fputs("[", stdout);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t n = floor_open(
			sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
			key_secret_public(key)->public_key, key_secret_bytes(key), plain);
		if (!n)
			continue;
		fputs(count++ ? ",\n" : "\n", stdout);
		fwrite(plain, 1, n, stdout);
		sodium_memzero(plain, n);
	}
	fputs("\n]\n", stdout);
	fprintf(stderr, "floor list: %ld\n", count);
	sqlite3_finalize(st);
	sqlite3_close(db);
	key_secret_free(key);
}

/* Sets KEY of OBJ to the base64 of BIN (LEN bytes). */
static void floor_put_b64(json_t *obj, const char *key, const unsigned char *bin, size_t len)
{
	char text[256];

	sodium_bin2base64(text, sizeof(text), bin, len, sodium_base64_VARIANT_ORIGINAL);
	if (json_object_set_new(obj, key, json_string(text)))
		floor_die(key);
}

/*
 * Re-seals the recipient key IN (PRISMA_PASSPHRASE) with the same passphrase at
 * crypto_pwhash's minimum limits into OUT, so that `list` with it shows what
 * listing costs without the 256 MiB unlock. Never for real keys.
 */
static void floor_cheapkey(char **argv)
{
	struct error err = { { 0 } };
	const char *pass = getenv("PRISMA_PASSPHRASE");
	struct key_secret *key = key_secret_load(argv[2], KEY_X25519, pass, &err);
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char wrap[crypto_secretbox_KEYBYTES], sealed[32 + crypto_secretbox_MACBYTES];
	json_t *obj = json_load_file(argv[2], 0, NULL);

	if (!key || !obj)
		floor_die(err.msg[0] ? err.msg : argv[2]);
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if (crypto_pwhash(wrap, sizeof(wrap), pass, strlen(pass), salt, crypto_pwhash_OPSLIMIT_MIN,
			  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0)
		floor_die("crypto_pwhash");
	crypto_secretbox_easy(sealed, key_secret_bytes(key), 32, nonce, wrap);
	floor_put_b64(obj, "salt", salt, sizeof(salt));
	floor_put_b64(obj, "nonce", nonce, sizeof(nonce));
	floor_put_b64(obj, "secret", sealed, sizeof(sealed));
	if (json_object_set_new(obj, "opslimit", json_integer(crypto_pwhash_OPSLIMIT_MIN)) ||
	    json_object_set_new(obj, "memlimit", json_integer(crypto_pwhash_MEMLIMIT_MIN)) ||
	    json_dump_file(obj, argv[3], JSON_INDENT(2)) != 0)
		floor_die(argv[3]);
	sodium_memzero(wrap, sizeof(wrap));
	json_decref(obj);
	key_secret_free(key);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0 || argc < 3)
		floor_die("usage: floor submit|export|import|list ...");
	if (!strcmp(argv[1], "submit") && argc == 6)
		floor_submit(argv);
	else if (!strcmp(argv[1], "export") && argc == 5)
		floor_export(argv);
	else if (!strcmp(argv[1], "import") && argc >= 4)
		floor_import(argc, argv);
	else if (!strcmp(argv[1], "list") && argc == 4)
		floor_list(argv);
	else if (!strcmp(argv[1], "cheapkey") && argc == 4)
		floor_cheapkey(argv);
	else
		floor_die("usage: floor submit|export|import|list ...");
	return 0;
}
