#!/bin/sh
# dev-keys.sh DIR: a development signing CA and two certificates made on the spot in DIR (0700),
# never committed: ca.crt (the keyring a development image trusts), signer.crt/.key (codeSigning,
# signs bundles), and for the tests mail.crt/.key (same CA, no codeSigning: check-purpose must
# refuse it). Production keys stay with the technician, offline (docs/technician.md).
# Keeps an existing DIR/ca.crt. EC P-256 keys: quick to make, accepted by RAUC 1.8.
set -eu
DIR=$1
[ -s "$DIR/ca.crt" ] && exit 0
mkdir -p "$DIR"
chmod 0700 "$DIR"
cat >"$DIR/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = Prisma Terminal DEVELOPMENT bundle CA (not for terminals in use)
[ca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[codesign]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[mail]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
cd "$DIR"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ec ca.key
openssl req -new -x509 -key ca.key -out ca.crt -days 3650 -config openssl.cnf -extensions ca
for kind in signer mail; do
	ext=codesign
	[ "$kind" = mail ] && ext=mail
	ec "$kind.key"
	openssl req -new -key "$kind.key" -subj "/CN=Prisma development $kind" -out "$kind.csr" \
		-config openssl.cnf
	openssl x509 -req -in "$kind.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
		-extfile openssl.cnf -extensions "$ext" -out "$kind.crt" 2>/dev/null
done
rm -f ./*.csr
