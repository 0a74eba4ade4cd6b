#include "core/keys.h"
#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct key_secret {
	struct key_public pub;
	size_t len;
	unsigned char bytes[64];
};

static const char *key_kind_name(enum key_kind kind)
{
	return kind == KEY_X25519 ? "x25519" : "ed25519";
}

void key_id_hex(const unsigned char *id, char *out)
{
	sodium_bin2hex(out, 2 * KEY_ID_BYTES + 1, id, KEY_ID_BYTES);
}

void key_fingerprint(const unsigned char *pk, char *out)
{
	unsigned char h[8];
	unsigned long long v = 0;
	char digits[21];

	crypto_generichash(h, sizeof(h), pk, 32, (const unsigned char *)"prisma-fp", 9);
	for (int i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	snprintf(digits, sizeof(digits), "%020llu", v);
	snprintf(out, KEY_FINGERPRINT_LEN, "%.5s %.5s %.5s %.5s", digits, digits + 5, digits + 10,
		 digits + 15);
}

/* 0, or -1 if libsodium fails. */
static int key_compute_id(struct key_public *pub)
{
	return crypto_generichash(pub->id, KEY_ID_BYTES, pub->public_key, sizeof(pub->public_key),
				  NULL, 0) == 0
		       ? 0
		       : -1;
}

static char *key_b64(const unsigned char *bin, size_t len)
{
	size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(size);

	if (out)
		sodium_bin2base64(out, size, bin, len, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

/* Decodes member FIELD of OBJ into exactly LEN bytes of OUT. 0 or -1. */
static int key_get_b64(json_t *obj, const char *field, unsigned char *out, size_t len)
{
	const char *text = json_string_value(json_object_get(obj, field));
	size_t got = 0;

	if (!text)
		return -1;
	if (sodium_base642bin(out, len, text, strlen(text), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return got == len ? 0 : -1;
}

static int key_put_b64(json_t *obj, const char *field, const unsigned char *bin, size_t len)
{
	char *text = key_b64(bin, len);
	int rc = text ? json_object_set_new(obj, field, json_string(text)) : -1;

	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	return rc;
}

static json_t *key_public_json(const struct key_public *pub)
{
	json_t *obj = json_object();
	char id[2 * KEY_ID_BYTES + 1];

	key_id_hex(pub->id, id);
	if (!obj || json_object_set_new(obj, "prisma_key", json_integer(1)) ||
	    json_object_set_new(obj, "kind", json_string(key_kind_name(pub->kind))) ||
	    json_object_set_new(obj, "name", json_string(pub->name)) ||
	    json_object_set_new(obj, "id", json_string(id)) ||
	    key_put_b64(obj, "public", pub->public_key, sizeof(pub->public_key))) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* Adds the (optionally passphrase-sealed) secret to OBJ. 0 or -1. */
static int key_put_secret(json_t *obj, const unsigned char *secret, size_t len,
			  const char *passphrase)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char *wrap_key = NULL, sealed[64 + crypto_secretbox_MACBYTES];
	/* Office keys open requests: libsodium's moderate limits (~0.7 s, 256 MiB). */
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MODERATE;
	size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;
	int rc = -1;

	if (!passphrase) {
		return json_object_set_new(obj, "protection", json_string("none")) ||
		       key_put_b64(obj, "secret", secret, len);
	}
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	wrap_key = sodium_malloc(crypto_secretbox_KEYBYTES);
	if (!wrap_key ||
	    crypto_pwhash(wrap_key, crypto_secretbox_KEYBYTES, passphrase, strlen(passphrase), salt,
			  ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		goto end;
	crypto_secretbox_easy(sealed, secret, len, nonce, wrap_key);
	if (json_object_set_new(obj, "protection", json_string("argon2id")) ||
	    key_put_b64(obj, "salt", salt, sizeof(salt)) ||
	    json_object_set_new(obj, "opslimit", json_integer((json_int_t)ops)) ||
	    json_object_set_new(obj, "memlimit", json_integer((json_int_t)mem)) ||
	    key_put_b64(obj, "nonce", nonce, sizeof(nonce)) ||
	    key_put_b64(obj, "secret", sealed, len + crypto_secretbox_MACBYTES))
		goto end;
	rc = 0;
end:
	if (wrap_key)
		sodium_free(wrap_key);
	return rc;
}

/* Writes OBJ to PATH atomically with MODE; refuses to overwrite. 0 or -1 with ERR. */
static int key_write(json_t *obj, const char *path, mode_t mode, struct error *err)
{
	size_t len = json_dumpb(obj, NULL, 0, JSON_INDENT(2) | JSON_SORT_KEYS);
	char *text = len ? sodium_malloc(len + 1) : NULL;
	int rc;

	/* json_dumpb into our own guarded buffer: json_dumps would need jansson's free. */
	if (!text || json_dumpb(obj, text, len, JSON_INDENT(2) | JSON_SORT_KEYS) != len) {
		error_set(err, "%s: cannot encode key", path);
		if (text)
			sodium_free(text);
		return -1;
	}
	text[len++] = '\n';
	rc = fileio_write_new(path, text, len, mode, err);
	sodium_free(text);
	return rc;
}

int key_generate(enum key_kind kind, const char *name, const char *path_base,
		 const char *passphrase, struct error *err)
{
	struct key_secret *secret = sodium_malloc(sizeof(*secret));
	char *pub_path = NULL, *key_path = NULL;
	json_t *pub_obj = NULL, *key_obj = NULL;
	int rc = -1;

	if (!secret || asprintf(&pub_path, "%s.pub", path_base) < 0 ||
	    asprintf(&key_path, "%s.key", path_base) < 0) {
		error_set(err, "%s: out of memory", path_base);
		goto end;
	}
	memset(&secret->pub, 0, sizeof(secret->pub));
	secret->pub.kind = kind;
	snprintf(secret->pub.name, sizeof(secret->pub.name), "%s", name);
	secret->len = kind == KEY_X25519 ? crypto_box_SECRETKEYBYTES : crypto_sign_SECRETKEYBYTES;
	if ((kind == KEY_X25519
		     ? crypto_box_keypair(secret->pub.public_key, secret->bytes)
		     : crypto_sign_keypair(secret->pub.public_key, secret->bytes)) != 0) {
		error_set(err, "%s: cannot generate a key pair (libsodium failure)", path_base);
		goto end;
	}
	if (key_compute_id(&secret->pub) < 0) {
		error_set(err, "%s: cannot compute the key id", path_base);
		goto end;
	}
	pub_obj = key_public_json(&secret->pub);
	key_obj = key_public_json(&secret->pub);
	if (!pub_obj || !key_obj ||
	    key_put_secret(key_obj, secret->bytes, secret->len, passphrase)) {
		error_set(err, "%s: cannot derive or encode key", key_path);
		goto end;
	}
	if (key_write(key_obj, key_path, 0600, err) < 0)
		goto end;
	if (key_write(pub_obj, pub_path, 0644, err) < 0) {
		unlink(key_path);
		goto end;
	}
	rc = 0;
end:
	json_decref(pub_obj);
	json_decref(key_obj);
	free(pub_path);
	free(key_path);
	if (secret)
		sodium_free(secret);
	return rc;
}

/*
 * True when PK is an X25519 point a sealed box can use: multiplying it by a
 * (clamped, so a multiple of 8) scalar must not give zero, which is exactly
 * what points of small order do. libsodium's scalarmult reports that as -1.
 */
static int key_x25519_usable(const unsigned char *pk)
{
	unsigned char scalar[crypto_scalarmult_SCALARBYTES], out[crypto_scalarmult_BYTES];
	int ok;

	memset(scalar, 0x5a, sizeof(scalar));
	ok = crypto_scalarmult(out, scalar, pk) == 0;
	sodium_memzero(out, sizeof(out));
	return ok;
}

/* Loads PATH as JSON and checks the common public fields into PUB. NULL with ERR. */
static json_t *key_read(const char *path, enum key_kind kind, struct key_public *pub,
			struct error *err)
{
	json_error_t jerr;
	json_t *obj = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	const char *kind_text, *name, *id_text;
	unsigned char id[KEY_ID_BYTES];

	if (!obj) {
		if (access(path, R_OK) != 0)
			error_set(err, "%s: cannot open: %s", path, strerror(errno));
		else
			error_set(err, "%s: line %d: not a key file: %s", path, jerr.line,
				  jerr.text);
		return NULL;
	}
	memset(pub, 0, sizeof(*pub));
	pub->kind = kind;
	kind_text = json_string_value(json_object_get(obj, "kind"));
	name = json_string_value(json_object_get(obj, "name"));
	if (json_integer_value(json_object_get(obj, "prisma_key")) != 1 || !kind_text || !name) {
		error_set(err, "%s: not a Prisma key file (prisma_key, kind or name missing)",
			  path);
		goto fail;
	}
	if (strcmp(kind_text, key_kind_name(kind))) {
		error_set(err, "%s: kind: is %s, expected %s", path, kind_text,
			  key_kind_name(kind));
		goto fail;
	}
	snprintf(pub->name, sizeof(pub->name), "%s", name);
	if (key_get_b64(obj, "public", pub->public_key, sizeof(pub->public_key))) {
		error_set(err, "%s: public: not a 32-byte base64 key", path);
		goto fail;
	}
	if (kind == KEY_X25519 && !key_x25519_usable(pub->public_key)) {
		error_set(err, "%s: public: not a usable X25519 key (a point of small order)",
			  path);
		goto fail;
	}
	if (key_compute_id(pub) < 0) {
		error_set(err, "%s: public: cannot compute the key id", path);
		goto fail;
	}
	id_text = json_string_value(json_object_get(obj, "id"));
	if (!id_text || strlen(id_text) != 2 * KEY_ID_BYTES ||
	    sodium_hex2bin(id, sizeof(id), id_text, 2 * KEY_ID_BYTES, NULL, NULL, NULL) != 0 ||
	    memcmp(id, pub->id, sizeof(id))) {
		error_set(err, "%s: id: does not match the public key", path);
		goto fail;
	}
	return obj;
fail:
	json_decref(obj);
	return NULL;
}

int key_public_load(struct key_public *pub, const char *path, enum key_kind kind, struct error *err)
{
	json_t *obj = key_read(path, kind, pub, err);

	json_decref(obj);
	return obj ? 0 : -1;
}

int key_secret_is_protected(const char *path)
{
	json_t *obj = json_load_file(path, 0, NULL);
	const char *prot = json_string_value(json_object_get(obj, "protection"));
	int result = prot && !strcmp(prot, "argon2id");

	json_decref(obj);
	return result;
}

/* Opens the sealed secret in OBJ into SECRET with PASSPHRASE. 0, or -1 with ERR. */
static int key_unseal(json_t *obj, const char *path, struct key_secret *secret,
		      const char *passphrase, struct error *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char sealed[64 + crypto_secretbox_MACBYTES], *wrap_key;
	json_int_t ops = json_integer_value(json_object_get(obj, "opslimit"));
	json_int_t mem = json_integer_value(json_object_get(obj, "memlimit"));
	int rc = -1;

	if (!passphrase) {
		error_set(err, "%s: passphrase needed", path);
		return -1;
	}
	if (key_get_b64(obj, "salt", salt, sizeof(salt)) ||
	    key_get_b64(obj, "nonce", nonce, sizeof(nonce)) ||
	    key_get_b64(obj, "secret", sealed, secret->len + crypto_secretbox_MACBYTES) ||
	    ops < (json_int_t)crypto_pwhash_OPSLIMIT_MIN ||
	    ops > (json_int_t)crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    mem < (json_int_t)crypto_pwhash_MEMLIMIT_MIN ||
	    mem > (json_int_t)crypto_pwhash_MEMLIMIT_SENSITIVE) {
		error_set(err, "%s: salt, nonce, secret, opslimit or memlimit: malformed", path);
		return -1;
	}
	wrap_key = sodium_malloc(crypto_secretbox_KEYBYTES);
	if (!wrap_key || crypto_pwhash(wrap_key, crypto_secretbox_KEYBYTES, passphrase,
				       strlen(passphrase), salt, (unsigned long long)ops,
				       (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		error_set(err, "%s: out of memory deriving the key", path);
		goto end;
	}
	if (crypto_secretbox_open_easy(secret->bytes, sealed,
				       secret->len + crypto_secretbox_MACBYTES, nonce, wrap_key)) {
		error_set(err, "%s: wrong passphrase", path);
		goto end;
	}
	rc = 0;
end:
	if (wrap_key)
		sodium_free(wrap_key);
	return rc;
}

/* True when SECRET's secret bytes really belong to its public key. */
static int key_pair_matches(const struct key_secret *secret)
{
	unsigned char derived[32], *expanded = NULL;
	int match;

	if (secret->pub.kind == KEY_X25519)
		return crypto_scalarmult_base(derived, secret->bytes) == 0 &&
		       !sodium_memcmp(derived, secret->pub.public_key, sizeof(derived));
	/* Ed25519: recompute the pair from the seed; the stored public half must agree too. */
	expanded = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (!expanded)
		return 0;
	match = crypto_sign_seed_keypair(derived, expanded, secret->bytes) == 0 &&
		!sodium_memcmp(derived, secret->pub.public_key, sizeof(derived)) &&
		!sodium_memcmp(expanded, secret->bytes, crypto_sign_SECRETKEYBYTES);
	sodium_free(expanded);
	return match;
}

struct key_secret *key_secret_load(const char *path, enum key_kind kind, const char *passphrase,
				   struct error *err)
{
	struct key_secret *secret = sodium_malloc(sizeof(*secret));
	json_t *obj = NULL;
	const char *prot;
	int ok = 0;

	if (!secret) {
		error_set(err, "%s: out of memory", path);
		return NULL;
	}
	sodium_memzero(secret, sizeof(*secret));
	secret->len = kind == KEY_X25519 ? crypto_box_SECRETKEYBYTES : crypto_sign_SECRETKEYBYTES;
	if (!(obj = key_read(path, kind, &secret->pub, err)))
		goto end;
	prot = json_string_value(json_object_get(obj, "protection"));
	if (prot && !strcmp(prot, "none")) {
		if (key_get_b64(obj, "secret", secret->bytes, secret->len)) {
			error_set(err, "%s: secret: malformed", path);
			goto end;
		}
	} else if (prot && !strcmp(prot, "argon2id")) {
		if (key_unseal(obj, path, secret, passphrase, err))
			goto end;
	} else {
		error_set(err, "%s: protection: missing or unknown (this is not a secret key file)",
			  path);
		goto end;
	}
	if (!key_pair_matches(secret)) {
		error_set(err, "%s: secret: does not match the public key", path);
		goto end;
	}
	ok = 1;
end:
	json_decref(obj);
	if (!ok) {
		sodium_free(secret);
		return NULL;
	}
	return secret;
}

const struct key_public *key_secret_public(const struct key_secret *secret)
{
	return &secret->pub;
}

const unsigned char *key_secret_bytes(const struct key_secret *secret)
{
	return secret->bytes;
}

void key_secret_free(struct key_secret *secret)
{
	if (secret)
		sodium_free(secret);
}

/* Reads one line from TTY into BUF (256 bytes) without its newline. */
static void passphrase_read_line(FILE *tty, char *buf)
{
	size_t len;

	if (!fgets(buf, 256, tty))
		buf[0] = '\0';
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
}

/*
 * Reads a line without echo from /dev/tty into guarded memory. Echo is turned
 * off only if the terminal confirms it (else nothing is read: the passphrase
 * would show), and turned back on whatever happens; the signals a person can
 * send from the keyboard wait until it is, so the terminal is never left mute.
 * NULL with ERR if there is no terminal or its settings cannot be changed.
 */
static char *passphrase_prompt(const char *path, struct error *err)
{
	struct termios old, quiet;
	sigset_t keyboard, saved;
	FILE *tty = fopen("/dev/tty", "r+");
	char *buf = NULL;

	if (!tty || tcgetattr(fileno(tty), &old) != 0 || !(buf = sodium_malloc(256))) {
		error_set(err, "%s: passphrase needed: set PRISMA_PASSPHRASE or run on a terminal",
			  path);
		goto end;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	sigemptyset(&keyboard);
	sigaddset(&keyboard, SIGINT);
	sigaddset(&keyboard, SIGQUIT);
	sigaddset(&keyboard, SIGTSTP);
	sigaddset(&keyboard, SIGHUP);
	sigaddset(&keyboard, SIGTERM);
	sigprocmask(SIG_BLOCK, &keyboard, &saved);
	if (tcsetattr(fileno(tty), TCSAFLUSH, &quiet) != 0) {
		error_set(err, "/dev/tty: cannot turn echo off (%s); not asking for %s",
			  strerror(errno), path);
		sodium_free(buf);
		buf = NULL;
	} else {
		fprintf(tty, "Passphrase for %s: ", path);
		fflush(tty);
		passphrase_read_line(tty, buf);
		if (tcsetattr(fileno(tty), TCSAFLUSH, &old) != 0) {
			error_set(err, "/dev/tty: cannot turn echo back on (%s); run 'stty echo'",
				  strerror(errno));
			sodium_free(buf);
			buf = NULL;
		}
		fputc('\n', tty);
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
end:
	if (tty)
		fclose(tty);
	return buf;
}

char *passphrase_get(const char *path, struct error *err)
{
	char *env = getenv("PRISMA_PASSPHRASE"), *buf;

	if (env) {
		buf = sodium_malloc(strlen(env) + 1);
		if (buf)
			memcpy(buf, env, strlen(env) + 1);
		else
			error_set(err, "%s: out of memory", path);
		/* Read once: gone from our environment and children's, wiped where it was. */
		sodium_memzero(env, strlen(env));
		unsetenv("PRISMA_PASSPHRASE");
		return buf;
	}
	return passphrase_prompt(path, err);
}

void passphrase_free(char *passphrase)
{
	if (passphrase)
		sodium_free(passphrase);
}

struct key_secret *key_secret_load_asking(const char *path, enum key_kind kind, struct error *err)
{
	struct key_secret *key;
	char *passphrase = NULL;

	if (key_secret_is_protected(path) && !(passphrase = passphrase_get(path, err)))
		return NULL;
	key = key_secret_load(path, kind, passphrase, err);
	passphrase_free(passphrase);
	return key;
}
