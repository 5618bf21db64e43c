// FieldCipher: encryption at rest for personal fields (identity numbers,
// phones) and keyed blind indexes for exact lookup without decrypting.
//
// Encryption is libsodium secretbox (XSalsa20-Poly1305) with a random 24-byte
// nonce per value. A stored value is text: "fe1.<key id>.<base64url(nonce|box)>",
// so a database file alone reveals no identity number, and every value names
// the key that sealed it: keys can be rotated (a new key seals new values, old
// keys still open old ones until `fangkong keys reencrypt` rewrites them).
// Blind indexes are keyed BLAKE2b (crypto_generichash, 16 bytes, hex) of
// "<kind>:<normalised value>" under a separate index key, so equal values can
// be found with an ordinary index while the index alone reveals nothing.
//
// Key file (text, mode 0600, kept apart from database backups):
//   # comment lines
//   index <base64 32 bytes>
//   key <id> <base64 32 bytes>     (one or more; the last is the active key)
//
// Thread safety: a constructed FieldCipher is immutable and safe to share.
// Failure returns: Decrypt throws fk::Error(kInternal) on a value that was
// tampered with or sealed by an unknown key; Load throws kBadRequest naming
// the file and line on a malformed key file.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace fk {

class FieldCipher {
 public:
  using KeyBytes = std::array<unsigned char, 32>;
  struct Key {
    std::string id;
    KeyBytes bytes{};
  };

  // keys must not be empty; the last one seals new values.
  FieldCipher(std::vector<Key> keys, KeyBytes index_key);

  // Reads the key file at path; when it does not exist and create is true,
  // writes a new one (mode 0600) with fresh random keys.
  static FieldCipher Load(const std::string& path, bool create);
  // Appends a new random key to the file at path (it becomes the active key)
  // and returns its id.
  static std::string RotateFile(const std::string& path);

  std::string Encrypt(std::string_view plain) const;
  std::string Decrypt(std::string_view sealed) const;
  // True when the value is sealed by a key other than the active one.
  bool NeedsReencrypt(std::string_view sealed) const;
  // Hex (32 characters) keyed hash of kind + ':' + value. Callers normalise
  // the value first (upper-case X in identity numbers, digits of a phone).
  std::string BlindIndex(std::string_view kind, std::string_view value) const;

  const std::string& active_key_id() const { return keys_.back().id; }

 private:
  const Key* Find(std::string_view id) const;
  std::vector<Key> keys_;
  KeyBytes index_key_{};
};

}  // namespace fk
