#ifndef PRISMA_TESTWORLD_H
#define PRISMA_TESTWORLD_H

/*
 * The demo terminal world shared by the core tests that drive a whole
 * terminal (test_collection, test_export, test_limits, test_terminal): in a
 * fresh temporary directory, the terminal's key, an office/ folder with the
 * vpn, apro, collection and a forger's keys, an empty spool in spool/ and a
 * terminal.ini naming them. Header only, like testutil.h.
 */
#include "testutil.h"

#include "core/request.h"
#include "core/spool.h"
#include "core/terminal.h"

#include <sqlite3.h>

#define WORLD_CATALOGUE	 PRISMA_ASSETS_DIR "/catalogue.ini"
#define WORLD_RECIPIENTS "vpn = office/vpn.pub\napro = office/apro.pub\n"
#define WORLD_LIMITS	 "min_interval = 0\nper_hour = 1000\n"

struct world {
	char *dir;	       /* the temporary directory; world_destroy removes it */
	char *ini;	       /* DIR/terminal.ini */
	char *data_dir;	       /* DIR/spool, holding an empty spool */
	char *spool_db;	       /* DIR/spool/spool.db */
	char *stick;	       /* DIR/stick, a stick's mount point (not created) */
	struct terminal *term; /* NULL until world_open */
	/* Secrets a test loads for itself (world_destroy frees them); NULL by default. */
	struct key_secret *collection, *forger;
};

/*
 * Writes the world's terminal.ini naming CATALOGUE, with RECIPIENTS as its
 * [recipients] lines and LIMITS as its [limits] lines (WORLD_* for the demo's).
 */
static inline void world_write_ini(struct world *w, const char *catalogue, const char *recipients,
				   const char *limits)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "[terminal]\nid = wing-a-01\ndata_dir = spool\nkey = terminal.key\n"
		 "catalogue = %s\n\n[recipients]\n%s\n"
		 "[collection]\npublic_key = office/collection.pub\n\n"
		 "[limits]\n%s",
		 catalogue, recipients, limits);
	tu_write_text(w->ini, text);
}

/* Builds the demo world in W (all fields overwritten), its terminal not yet opened. */
static inline void world_make(struct world *w)
{
	char *office;

	memset(w, 0, sizeof(*w));
	w->dir = tu_mkdtemp();
	w->ini = tu_path(w->dir, "terminal.ini");
	w->data_dir = tu_path(w->dir, "spool");
	w->spool_db = tu_path(w->dir, "spool/spool.db");
	w->stick = tu_path(w->dir, "stick");
	office = tu_path(w->dir, "office");
	assert_int_equal(mkdir(office, 0700), 0);
	assert_int_equal(mkdir(w->data_dir, 0700), 0);
	spool_close(spool_create(w->data_dir, &(struct error){ "" }));
	tu_key_generate(w->dir, KEY_ED25519, "terminal");
	tu_key_generate(office, KEY_X25519, "vpn");
	tu_key_generate(office, KEY_X25519, "apro");
	tu_key_generate(office, KEY_ED25519, "collection");
	tu_key_generate(office, KEY_ED25519, "forger");
	free(office);
	world_write_ini(w, WORLD_CATALOGUE, WORLD_RECIPIENTS, WORLD_LIMITS);
}

/* Opens the terminal from the world's terminal.ini as W->term; fails the test if it cannot. */
static inline struct terminal *world_open(struct world *w)
{
	struct error err = { "" };

	w->term = terminal_open(w->ini, &err);
	if (!w->term)
		fail_msg("terminal_open: %s", err.msg);
	return w->term;
}

/* Loads the secret key office/NAME.key of KIND; free it with key_secret_free. */
static inline struct key_secret *world_office_key(struct world *w, const char *name,
						  enum key_kind kind)
{
	char file[128];

	snprintf(file, sizeof(file), "office/%s.key", name);
	return tu_key_load(w->dir, file, kind);
}

/* Closes the terminal, frees the loaded secrets and removes the directory; W itself stays. */
static inline void world_destroy(struct world *w)
{
	terminal_close(w->term);
	key_secret_free(w->collection);
	key_secret_free(w->forger);
	free(w->ini);
	free(w->data_dir);
	free(w->spool_db);
	free(w->stick);
	tu_rmtree(w->dir);
}

/* cmocka setup: a new world with its terminal open as *STATE. */
static inline int world_setup(void **state)
{
	struct world *w = malloc(sizeof(*w));

	assert_non_null(w);
	world_make(w);
	world_open(w);
	*state = w;
	return 0;
}

/* cmocka teardown for world_setup. */
static inline int world_teardown(void **state)
{
	world_destroy(*state);
	free(*state);
	return 0;
}

/*
 * Runs SQL on the world's spool.db (its own read-only connection) and steps
 * to the first row, which must exist. Read its columns, then world_query_done.
 */
static inline sqlite3_stmt *world_query(struct world *w, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(w->spool_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	return st;
}

/* Finalizes ST and closes its connection. */
static inline void world_query_done(sqlite3_stmt *st)
{
	sqlite3 *db = sqlite3_db_handle(st);

	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Runs SQL (no result) on the world's spool.db through a separate connection. */
static inline void world_sql(struct world *w, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(w->spool_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* How many envelopes the spool has marked exported (exported_at set). */
static inline int world_exported_count(struct world *w)
{
	sqlite3_stmt *st = world_query(w, "SELECT count(*) FROM envelopes "
					  "WHERE exported_at IS NOT NULL");
	int n = sqlite3_column_int(st, 0);

	world_query_done(st);
	return n;
}

/* The demo's request: service "akt" in German, answered by code. Free with request_free. */
static inline struct request *world_request(void)
{
	struct request *req = request_new();

	assert_non_null(req);
	strcpy(req->service, "akt");
	strcpy(req->language, "de");
	req->contact = CONTACT_CODE;
	return req;
}

/* Submits the demo's request N times; fails the test on the first refusal. */
static inline void world_submit(struct world *w, int n)
{
	struct request *req = world_request();
	struct error err = { "" };
	char reference[REQUEST_REFERENCE_LEN + 1];

	for (int i = 0; i < n; i++)
		if (terminal_submit(w->term, req, reference, &err) < 0)
			fail_msg("submit: %s", err.msg);
	request_free(req);
}

#endif
