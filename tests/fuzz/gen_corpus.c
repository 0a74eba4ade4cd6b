/*
 * Writes the seed corpora for fuzz_envelope, fuzz_bundle, fuzz_receipt, fuzz_token and
 * fuzz_keyfile
 * into tests/fuzz/corpus/ from the fixed keys of fuzz_keys.h. Not part of the
 * build; run by hand when a format changes:
 *
 *   cc -D_GNU_SOURCE -Iapp tests/fuzz/gen_corpus.c build/libprisma-core.a \
 *      -lsodium -lsqlite3 -ljansson -linih -o build/gen_corpus
 *   build/gen_corpus tests/fuzz/corpus
 */
#include "fuzz_keys.h"

#include "core/bundle.h"
#include "core/certificate.h"
#include "core/envelope.h"
#include "core/receipt.h"
#include "core/request.h"
#include "core/token.h"

static const char *dir;

static void write_seed(const char *sub, const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write\n", path);
		exit(1);
	}
}

static const char *PAYLOADS[] = {
	"{\"contact\":{\"mode\":\"code\"},\"created\":\"2026-11-27T08:00:00Z\",\"language\":\"de\","
	"\"message\":\"\",\"reference\":\"K7QM-3XPA\",\"service\":\"akt\",\"times\":\"\"}",
	"{\"contact\":{\"mode\":\"named\",\"name\":\"Anna\",\"number\":\"4711\",\"unit\":\"B\"},"
	"\"created\":\"2026-11-27T08:00:00Z\",\"language\":\"ar\",\"message\":\"\\u00e4\\n\","
	"\"reference\":\"AAAA-9999\",\"service\":\"environment\",\"times\":\"Mo\"}",
	"",
};

/* Seals PLAIN to the first COUNT of RECIPIENTS; *LEN gets the size. */
static unsigned char *seal(const char *tid, uint64_t counter, const struct key_public *recipients,
			   size_t count, const char *plain, struct key_secret *signer, size_t *len)
{
	struct error err = { "" };
	unsigned char *env;

	if (envelope_seal(tid, counter, recipients, count, (const unsigned char *)plain,
			  strlen(plain), signer, &env, len, &err)) {
		fprintf(stderr, "seal: %s\n", err.msg);
		exit(1);
	}
	return env;
}

static void envelopes_and_bundles(struct key_secret *signer, struct key_public *recipients)
{
	unsigned char *envs[4];
	size_t lens[4];
	struct bundle_writer bw;
	char name[32];

	envs[0] = seal("wing-a-01", 1, recipients, 1, PAYLOADS[0], signer, &lens[0]);
	envs[1] = seal("wing-a-01", 2, recipients, 2, PAYLOADS[1], signer, &lens[1]);
	envs[2] = seal("t", 3, recipients + 1, 1, PAYLOADS[1], signer, &lens[2]);
	envs[3] = seal("demo.terminal_32-characters-long", UINT64_MAX, recipients, 2, PAYLOADS[2],
		       signer, &lens[3]);
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "envelope-%d", i + 1);
		write_seed("envelope", name, envs[i], lens[i]);
	}
	for (int n = 0; n <= 4; n += 2) {
		bundle_begin(&bw, n ? "wing-a-01" : "t", 1795939200);
		for (int i = 0; i < n; i++)
			bundle_add(&bw, envs[i], lens[i]);
		if (n == 4) { /* one bundle carries a certificate and an earlier key's (format 4) */
			struct key_public terminal = *key_secret_public(signer);
			unsigned char cert[CERTIFICATE_BYTES];
			struct error err;
			snprintf(terminal.name, sizeof(terminal.name), "wing-a-01");
			if (certificate_issue(&terminal, 1795939200, signer, cert, &err) != 0 ||
			    bundle_add_previous(&bw, cert) != 0) {
				fprintf(stderr, "certificate failed\n");
				exit(1);
			}
			bundle_set_certificate(&bw, cert);
		}
		if (bundle_finish(&bw, signer)) {
			fprintf(stderr, "bundle_finish failed\n");
			exit(1);
		}
		snprintf(name, sizeof(name), "bundle-%d", n);
		write_seed("bundle", name, bw.out.data, bw.out.len);
		bundle_writer_free(&bw);
	}
	for (int i = 0; i < 4; i++)
		free(envs[i]);
}

/* Receipts by the fixed key (as collection key) for "wing-a-01" naming 1 and 3 hashes. */
static void receipts(struct key_secret *collection)
{
	unsigned char hashes[3][RECEIPT_HASH_BYTES], *data;
	struct error err = { "" };
	char name[32];
	size_t len;

	for (int i = 0; i < 3; i++)
		receipt_envelope_hash((const unsigned char *)PAYLOADS[i], strlen(PAYLOADS[i]),
				      hashes[i]);
	for (size_t n = 1; n <= 3; n += 2) {
		if (receipt_write("wing-a-01", 1795939200, (const unsigned char(*)[32])hashes, n,
				  collection, &data, &len, &err)) {
			fprintf(stderr, "receipt: %s\n", err.msg);
			exit(1);
		}
		snprintf(name, sizeof(name), "receipt-%zu", n);
		write_seed("receipt", name, data, len);
		free(data);
	}
}

/* A protected X25519 key file for passphrase "x" at the minimum Argon2 cost. */
static void cheap_protected_key(void)
{
	unsigned char sk[32], pk[32], id[KEY_ID_BYTES], salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES], wrap[32], sealed[48];
	char hex[2 * KEY_ID_BYTES + 1], path[512];
	json_t *obj = json_object();

	memset(sk, 0x52, sizeof(sk));
	memset(salt, 0x11, sizeof(salt));
	memset(nonce, 0x22, sizeof(nonce));
	crypto_scalarmult_base(pk, sk);
	crypto_generichash(id, sizeof(id), pk, sizeof(pk), NULL, 0);
	key_id_hex(id, hex);
	if (crypto_pwhash(wrap, sizeof(wrap), "x", 1, salt, crypto_pwhash_OPSLIMIT_MIN,
			  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13))
		exit(1);
	crypto_secretbox_easy(sealed, sk, sizeof(sk), nonce, wrap);
	json_object_set_new(obj, "prisma_key", json_integer(1));
	json_object_set_new(obj, "kind", json_string("x25519"));
	json_object_set_new(obj, "name", json_string("vpn"));
	json_object_set_new(obj, "id", json_string(hex));
	fuzz_put_b64(obj, "public", pk, sizeof(pk));
	json_object_set_new(obj, "protection", json_string("argon2id"));
	fuzz_put_b64(obj, "salt", salt, sizeof(salt));
	json_object_set_new(obj, "opslimit", json_integer(crypto_pwhash_OPSLIMIT_MIN));
	json_object_set_new(obj, "memlimit", json_integer(crypto_pwhash_MEMLIMIT_MIN));
	fuzz_put_b64(obj, "nonce", nonce, sizeof(nonce));
	fuzz_put_b64(obj, "secret", sealed, sizeof(sealed));
	/* json_dump_file, not json_dumps: core_init gave jansson its own allocator. */
	snprintf(path, sizeof(path), "%s/keyfile/x25519-argon2id-min.key", dir);
	if (json_dump_file(obj, path, JSON_INDENT(2) | JSON_SORT_KEYS))
		exit(1);
	json_decref(obj);
}

static void keyfiles(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/keyfile/ed25519-none.key", dir);
	fuzz_write_key(KEY_ED25519, FUZZ_SIGNER_SEED, path);
	snprintf(path, sizeof(path), "%s/keyfile/x25519-none.key", dir);
	fuzz_write_key(KEY_X25519, FUZZ_RECIPIENT_SEED, path);
	cheap_protected_key();
}

/* Stick tokens: a short and the longest serial, and one whose expiry is far ahead. */
static void tokens(struct key_secret *collection)
{
	static const char *serials[] = {
		"4C530001230915116142", "A",
		"0123456789012345678901234567890123456789012345678901234567890123"
	};
	unsigned char data[TOKEN_MAX_BYTES];
	struct error err = { "" };
	char name[32];
	size_t len;

	for (size_t i = 0; i < 3; i++) {
		if (token_issue(serials[i], 1795939200, 1795939200 + 86400 * (1 + 365 * i),
				collection, data, &len, &err) < 0) {
			fprintf(stderr, "token: %s\n", err.msg);
			exit(1);
		}
		snprintf(name, sizeof(name), "token-%zu", i);
		write_seed("token", name, data, len);
	}
}

int main(int argc, char **argv)
{
	struct key_secret *signer, *r1, *r2;
	struct key_public recipients[2];

	if (argc != 2 || core_init() < 0)
		return 1;
	dir = argv[1];
	signer = fuzz_fixed_key(KEY_ED25519, FUZZ_SIGNER_SEED);
	r1 = fuzz_fixed_key(KEY_X25519, FUZZ_RECIPIENT_SEED);
	r2 = fuzz_fixed_key(KEY_X25519, FUZZ_BYSTANDER_SEED);
	recipients[0] = *key_secret_public(r1);
	recipients[1] = *key_secret_public(r2);
	envelopes_and_bundles(signer, recipients);
	receipts(signer);
	tokens(signer);
	keyfiles();
	key_secret_free(signer);
	key_secret_free(r1);
	key_secret_free(r2);
	return 0;
}
