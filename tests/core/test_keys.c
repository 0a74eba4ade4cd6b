/* Proves app/core/keys.c: key generation, loading, passphrase protection and tamper checks. */
#include "testutil.h"

#include "core/keys.h"
#include "core/request.h"

#include <dlfcn.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pty.h>
#include <sodium.h>
#include <sys/wait.h>
#include <termios.h>

/*
 * This definition takes the place of libc's for the whole test binary (keys.c
 * included), so a test can make the Nth call fail as a real terminal can.
 */
static int tcsetattr_calls, tcsetattr_fail_on;

int tcsetattr(int fd, int action, const struct termios *t)
{
	int (*real)(int, int, const struct termios *);

	if (++tcsetattr_calls == tcsetattr_fail_on) {
		errno = EIO;
		return -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "tcsetattr");
	return real(fd, action, t);
}

/*
 * Argon2id costs ~0.2 s per protected key, so one protected X25519 key and one
 * unprotected Ed25519 key are generated once for the group (read-only); every
 * test gets its own scratch directory for copies and new keys.
 */
struct fixture {
	char *group_dir;
	char *dir;
	char *vpn_base, *vpn_key, *vpn_pub; /* x25519, passphrase "correct horse" */
	char *term_key, *term_pub;	    /* ed25519, unprotected */
};

static struct fixture fx;

static int group_setup(void **state)
{
	struct error err = { "" };
	char *term_base;

	fx.group_dir = tu_mkdtemp();
	fx.vpn_base = tu_path(fx.group_dir, "vpn");
	fx.vpn_key = tu_path(fx.group_dir, "vpn.key");
	fx.vpn_pub = tu_path(fx.group_dir, "vpn.pub");
	term_base = tu_path(fx.group_dir, "terminal");
	fx.term_key = tu_path(fx.group_dir, "terminal.key");
	fx.term_pub = tu_path(fx.group_dir, "terminal.pub");
	if (key_generate(KEY_X25519, "vpn", fx.vpn_base, "correct horse", &err) < 0 ||
	    key_generate(KEY_ED25519, "wing-a", term_base, NULL, &err) < 0) {
		fprintf(stderr, "key_generate: %s\n", err.msg);
		return -1;
	}
	free(term_base);
	return 0;
}

static int group_teardown(void **state)
{
	tu_rmtree(fx.group_dir);
	free(fx.vpn_base);
	free(fx.vpn_key);
	free(fx.vpn_pub);
	free(fx.term_key);
	free(fx.term_pub);
	return 0;
}

static int setup(void **state)
{
	fx.dir = tu_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	tu_rmtree(fx.dir);
	fx.dir = NULL;
	return 0;
}

/* Copies key file SRC to DIR/NAME with member FIELD set to VALUE (string); returns the path. */
static char *copy_with_field(const char *src, const char *name, const char *field,
			     const char *value)
{
	json_t *obj = json_load_file(src, 0, NULL);
	char *path = tu_path(fx.dir, name);

	assert_non_null(obj);
	assert_int_equal(json_object_set_new(obj, field, json_string(value)), 0);
	assert_int_equal(json_dump_file(obj, path, JSON_INDENT(2)), 0);
	json_decref(obj);
	return path;
}

/* Base64 of 32 bytes all set to BYTE, into OUT (64 bytes). */
static void b64_fill(unsigned char byte, size_t len, char *out, size_t out_size)
{
	unsigned char bin[64];

	memset(bin, byte, len);
	sodium_bin2base64(out, out_size, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

static void test_protected_x25519_loads_with_passphrase(void **state)
{
	struct key_public pub;
	struct key_secret *secret;
	struct error err = { "" };
	unsigned char derived[32];
	char id[2 * KEY_ID_BYTES + 1];
	json_t *obj;

	assert_int_equal(key_public_load(&pub, fx.vpn_pub, KEY_X25519, &err), 0);
	assert_int_equal(pub.kind, KEY_X25519);
	assert_string_equal(pub.name, "vpn");
	obj = json_load_file(fx.vpn_pub, 0, NULL);
	key_id_hex(pub.id, id);
	assert_string_equal(json_string_value(json_object_get(obj, "id")), id);
	assert_null(json_object_get(obj, "secret"));
	json_decref(obj);
	secret = key_secret_load(fx.vpn_key, KEY_X25519, "correct horse", &err);
	assert_non_null(secret);
	assert_memory_equal(key_secret_public(secret)->public_key, pub.public_key, 32);
	assert_memory_equal(key_secret_public(secret)->id, pub.id, KEY_ID_BYTES);
	crypto_scalarmult_base(derived, key_secret_bytes(secret));
	assert_memory_equal(derived, pub.public_key, 32);
	key_secret_free(secret);
	key_secret_free(NULL);
}

static void test_wrong_or_missing_passphrase(void **state)
{
	struct error err = { "" };

	assert_null(key_secret_load(fx.vpn_key, KEY_X25519, "wrong horse", &err));
	tu_assert_contains(err.msg, fx.vpn_key);
	tu_assert_contains(err.msg, "wrong passphrase");
	assert_null(key_secret_load(fx.vpn_key, KEY_X25519, NULL, &err));
	tu_assert_contains(err.msg, fx.vpn_key);
	tu_assert_contains(err.msg, "passphrase needed");
}

static void test_key_file_modes(void **state)
{
	struct stat st;

	assert_int_equal(stat(fx.vpn_key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(fx.vpn_pub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
}

static void test_generate_refuses_to_overwrite(void **state)
{
	char *base = tu_path(fx.dir, "k"), *key = tu_path(fx.dir, "k.key");
	char *pub = tu_path(fx.dir, "k.pub");
	unsigned char *before, *after;
	size_t before_len, after_len;
	struct error err = { "" };

	assert_int_equal(key_generate(KEY_ED25519, "k", base, NULL, &err), 0);
	before = tu_read(key, &before_len);
	assert_int_equal(key_generate(KEY_ED25519, "k", base, NULL, &err), -1);
	tu_assert_contains(err.msg, key);
	tu_assert_contains(err.msg, "already exists");
	after = tu_read(key, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
	/* Only the .pub exists: the new .key must not be left behind. */
	assert_int_equal(unlink(key), 0);
	assert_int_equal(key_generate(KEY_ED25519, "k", base, NULL, &err), -1);
	tu_assert_contains(err.msg, pub);
	assert_int_equal(access(key, F_OK), -1);
	free(base);
	free(key);
	free(pub);
}

static void test_unprotected_ed25519_loads_without_passphrase(void **state)
{
	struct key_public pub;
	struct key_secret *secret;
	struct error err = { "" };
	unsigned char sig[crypto_sign_BYTES];

	assert_int_equal(key_public_load(&pub, fx.term_pub, KEY_ED25519, &err), 0);
	secret = key_secret_load(fx.term_key, KEY_ED25519, NULL, &err);
	assert_non_null(secret);
	assert_memory_equal(key_secret_public(secret)->public_key, pub.public_key, 32);
	crypto_sign_detached(sig, NULL, (const unsigned char *)"m", 1, key_secret_bytes(secret));
	assert_int_equal(
		crypto_sign_verify_detached(sig, (const unsigned char *)"m", 1, pub.public_key), 0);
	key_secret_free(secret);
	/* A passphrase given for an unprotected key is ignored. */
	secret = key_secret_load(fx.term_key, KEY_ED25519, "anything", &err);
	assert_non_null(secret);
	key_secret_free(secret);
}

static void test_is_protected(void **state)
{
	char *missing = tu_path(fx.dir, "absent.key");

	assert_true(key_secret_is_protected(fx.vpn_key));
	assert_false(key_secret_is_protected(fx.vpn_pub));
	assert_false(key_secret_is_protected(fx.term_key));
	assert_false(key_secret_is_protected(missing));
	free(missing);
}

static void test_tampered_public_or_id(void **state)
{
	struct key_public pub;
	struct error err = { "" };
	char other[64], *path;

	path = copy_with_field(fx.vpn_pub, "short.pub", "public", "AAAA");
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "public:");
	free(path);
	b64_fill(0x42, 32, other, sizeof(other));
	path = copy_with_field(fx.vpn_pub, "swapped.pub", "public", other);
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, "id: does not match the public key");
	free(path);
	path = copy_with_field(fx.vpn_pub, "id.pub", "id", "0000000000000000");
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "id: does not match the public key");
	free(path);
	path = copy_with_field(fx.term_key, "id.key", "id", "zz");
	assert_null(key_secret_load(path, KEY_ED25519, NULL, &err));
	tu_assert_contains(err.msg, "id:");
	free(path);
}

/* Writes a .pub for the X25519 point PK (with its matching id) and returns the path. */
static char *pub_with_point(const char *name, const unsigned char *pk)
{
	unsigned char id[KEY_ID_BYTES];
	char b64[64], hex[2 * KEY_ID_BYTES + 1], *path;

	crypto_generichash(id, sizeof(id), pk, 32, NULL, 0);
	key_id_hex(id, hex);
	sodium_bin2base64(b64, sizeof(b64), pk, 32, sodium_base64_VARIANT_ORIGINAL);
	path = copy_with_field(fx.vpn_pub, name, "public", b64);
	free(copy_with_field(path, name, "id", hex));
	return path;
}

static void test_low_order_recipient_key_refused(void **state)
{
	/*
	 * Points of small order give a shared secret of zero: a request sealed to
	 * one could be opened by nobody (or by anyone). Loading must refuse them.
	 */
	static const unsigned char low_order[][32] = {
		{ 0 }, /* the identity */
		{ 1 }, /* order 4 */
		{ 0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
		  0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
		  0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00 }, /* order 8 */
	};
	struct key_public pub;
	struct error err = { "" };

	for (size_t i = 0; i < sizeof(low_order) / sizeof(low_order[0]); i++) {
		char *path = pub_with_point("low.pub", low_order[i]);
		assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
		tu_assert_contains(err.msg, path);
		tu_assert_contains(err.msg, "public: not a usable X25519 key");
		free(path);
	}
	assert_int_equal(key_public_load(&pub, fx.vpn_pub, KEY_X25519, &err), 0);
}

static void test_id_with_trailing_garbage(void **state)
{
	/* "<correct 16 hex>junk" is not the key's id. */
	struct key_public pub;
	struct error err = { "" };
	json_t *obj = json_load_file(fx.vpn_pub, 0, NULL);
	char id[64], *path;

	snprintf(id, sizeof(id), "%sjunk", json_string_value(json_object_get(obj, "id")));
	json_decref(obj);
	path = copy_with_field(fx.vpn_pub, "junk.pub", "id", id);
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, "id:");
	free(path);
}

static void test_secret_must_match_public(void **state)
{
	struct error err = { "" };
	unsigned char sk[32], pk[32], id[KEY_ID_BYTES];
	char b64[64], hex[2 * KEY_ID_BYTES + 1], *path;

	/* A consistent public/id pair that is not the secret's: a swapped key file. */
	memset(sk, 0x17, sizeof(sk));
	crypto_scalarmult_base(pk, sk);
	crypto_generichash(id, sizeof(id), pk, sizeof(pk), NULL, 0);
	key_id_hex(id, hex);
	sodium_bin2base64(b64, sizeof(b64), pk, sizeof(pk), sodium_base64_VARIANT_ORIGINAL);
	path = copy_with_field(fx.vpn_key, "swapped.key", "public", b64);
	free(copy_with_field(path, "swapped.key", "id", hex));
	assert_null(key_secret_load(path, KEY_X25519, "correct horse", &err));
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "secret: does not match the public key");
	free(path);
}

static void test_ed25519_seed_tamper_detected(void **state)
{
	/*
	 * An Ed25519 secret whose seed (bytes 0..31) was altered must not load: it
	 * would sign with a key that does not match the public one.
	 */
	struct error err = { "" };
	struct key_secret *secret;
	json_t *obj = json_load_file(fx.term_key, 0, NULL);
	const char *text = json_string_value(json_object_get(obj, "secret"));
	unsigned char sk[64];
	char b64[128], *path;

	assert_int_equal(sodium_base642bin(sk, sizeof(sk), text, strlen(text), NULL, NULL, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	json_decref(obj);
	sk[0] ^= 1;
	sodium_bin2base64(b64, sizeof(b64), sk, sizeof(sk), sodium_base64_VARIANT_ORIGINAL);
	path = copy_with_field(fx.term_key, "seed.key", "secret", b64);
	secret = key_secret_load(path, KEY_ED25519, NULL, &err);
	assert_null(secret);
	tu_assert_contains(err.msg, "does not match the public key");
	key_secret_free(secret);
	free(path);
}

static void test_kind_mismatch(void **state)
{
	struct key_public pub;
	struct error err = { "" };

	assert_int_equal(key_public_load(&pub, fx.vpn_pub, KEY_ED25519, &err), -1);
	tu_assert_contains(err.msg, fx.vpn_pub);
	tu_assert_contains(err.msg, "kind: is x25519, expected ed25519");
	assert_null(key_secret_load(fx.term_key, KEY_X25519, NULL, &err));
	tu_assert_contains(err.msg, "kind: is ed25519, expected x25519");
}

static void test_not_key_files(void **state)
{
	struct key_public pub;
	struct error err = { "" };
	char *path = tu_path(fx.dir, "garbage.key"), *missing = tu_path(fx.dir, "absent.pub");

	tu_write_text(path, "{\"prisma_key\": 1, \"kind\":");
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, path);
	tu_assert_contains(err.msg, "not a key file");
	tu_write_text(path, "{\"prisma_key\": 2, \"kind\": \"x25519\", \"name\": \"a\"}");
	assert_int_equal(key_public_load(&pub, path, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, "not a Prisma key file");
	assert_int_equal(key_public_load(&pub, missing, KEY_X25519, &err), -1);
	tu_assert_contains(err.msg, missing);
	tu_assert_contains(err.msg, "cannot open");
	/* A .pub is not a secret key file. */
	assert_null(key_secret_load(fx.vpn_pub, KEY_X25519, "correct horse", &err));
	tu_assert_contains(err.msg, "protection: missing or unknown");
	free(path);
	free(missing);
}

static void test_passphrase_from_environment(void **state)
{
	struct error err = { "" };
	char *pass;

	assert_int_equal(setenv("PRISMA_PASSPHRASE", "from env", 1), 0);
	pass = passphrase_get("x.key", &err);
	assert_non_null(pass);
	assert_string_equal(pass, "from env");
	/* Read once: no child process and no later reader finds it. */
	assert_null(getenv("PRISMA_PASSPHRASE"));
	passphrase_free(pass);
	passphrase_free(NULL);
}

struct prompt_run {
	char result[256];  /* "pass:<passphrase>:echo=<0|1>" or "err:<message>" */
	char screen[1024]; /* what the terminal showed */
};

/* In a child on a new pseudo-terminal: passphrase_get() with tcsetattr call FAIL_ON failing. */
static void prompt_child(int out, int fail_on)
{
	struct error err = { "" };
	struct termios t;
	char *pass, line[300];

	unsetenv("PRISMA_PASSPHRASE");
	tcsetattr_fail_on = fail_on;
	pass = passphrase_get("x.key", &err);
	if (pass)
		snprintf(line, sizeof(line), "pass:%s:echo=%d", pass,
			 tcgetattr(0, &t) == 0 && (t.c_lflag & ECHO));
	else
		snprintf(line, sizeof(line), "err:%s", err.msg);
	if (write(out, line, strlen(line)) < 0)
		_exit(2);
	_exit(0);
}

/* Runs the prompt on a pty, typing "s3cret" once the prompt shows. */
static void prompt_on_pty(int fail_on, struct prompt_run *run)
{
	int pipefd[2], master, status, typed = 0;
	size_t shown = 0, got = 0;
	pid_t pid;

	memset(run, 0, sizeof(*run));
	assert_int_equal(pipe(pipefd), 0);
	pid = forkpty(&master, NULL, NULL, NULL);
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pipefd[0]);
		prompt_child(pipefd[1], fail_on);
	}
	close(pipefd[1]);
	for (;;) {
		struct pollfd fds[2] = { { master, POLLIN, 0 }, { pipefd[0], POLLIN, 0 } };
		ssize_t n;

		assert_true(poll(fds, 2, -1) > 0);
		if (fds[0].revents & POLLIN) {
			n = read(master, run->screen + shown, sizeof(run->screen) - 1 - shown);
			if (n > 0)
				shown += (size_t)n;
			if (!typed && strstr(run->screen, "Passphrase for x.key")) {
				assert_int_equal(write(master, "s3cret\n", 7), 7);
				typed = 1;
			}
		}
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			n = read(pipefd[0], run->result + got, sizeof(run->result) - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(pipefd[0]);
	close(master);
}

static void test_prompt_reads_without_echo_and_restores_it(void **state)
{
	struct prompt_run run;

	prompt_on_pty(0, &run);
	assert_string_equal(run.result, "pass:s3cret:echo=1");
	assert_null(strstr(run.screen, "s3cret"));
}

static void test_prompt_refuses_when_echo_stays_on(void **state)
{
	/* tcsetattr failing to turn echo off: the passphrase must not be asked for at all. */
	struct prompt_run run;

	prompt_on_pty(1, &run);
	tu_assert_contains(run.result, "err:/dev/tty: cannot turn echo off");
	tu_assert_contains(run.result, "x.key");
	assert_null(strstr(run.screen, "Passphrase for"));
	assert_null(strstr(run.screen, "s3cret"));
}

static void test_prompt_reports_echo_not_restored(void **state)
{
	struct prompt_run run;

	prompt_on_pty(2, &run);
	tu_assert_contains(run.result, "err:/dev/tty: cannot turn echo back on");
	assert_null(strstr(run.screen, "s3cret"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_protected_x25519_loads_with_passphrase),
		T(test_wrong_or_missing_passphrase),
		T(test_key_file_modes),
		T(test_generate_refuses_to_overwrite),
		T(test_unprotected_ed25519_loads_without_passphrase),
		T(test_is_protected),
		T(test_tampered_public_or_id),
		T(test_id_with_trailing_garbage),
		T(test_low_order_recipient_key_refused),
		T(test_secret_must_match_public),
		T(test_ed25519_seed_tamper_detected),
		T(test_kind_mismatch),
		T(test_not_key_files),
		T(test_passphrase_from_environment),
		T(test_prompt_reads_without_echo_and_restores_it),
		T(test_prompt_refuses_when_echo_stays_on),
		T(test_prompt_reports_echo_not_restored),
	};

	if (core_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
