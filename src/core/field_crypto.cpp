#include "core/field_crypto.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/ids.h"

namespace fk {

namespace {

constexpr std::string_view kPrefix = "fe1.";

std::string ToBase64(const unsigned char* data, size_t len, int variant) {
  std::string out(sodium_base64_encoded_len(len, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, len, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool FromBase64(std::string_view text, std::vector<unsigned char>& out, int variant) {
  out.assign(text.size(), 0);
  size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr, variant) != 0)
    return false;
  out.resize(len);
  return true;
}

FieldCipher::KeyBytes RandomKey() {
  FieldCipher::KeyBytes k{};
  randombytes_buf(k.data(), k.size());
  return k;
}

std::string KeyLine(const FieldCipher::KeyBytes& k) {
  return ToBase64(k.data(), k.size(), sodium_base64_VARIANT_ORIGINAL);
}

[[noreturn]] void BadFile(const std::string& path, int line, const std::string& what) {
  throw Error(ErrorCode::kBadRequest, "key file " + path + (line > 0 ? " line " + std::to_string(line) : "") + ": " + what);
}

}  // namespace

FieldCipher::FieldCipher(std::vector<Key> keys, KeyBytes index_key) : keys_(std::move(keys)), index_key_(index_key) {
  EnsureSodium();
  if (keys_.empty()) throw Error(ErrorCode::kInternal, "FieldCipher needs at least one key");
}

FieldCipher FieldCipher::Load(const std::string& path, bool create) {
  EnsureSodium();
  std::ifstream in(path);
  if (!in) {
    // Generate only when there is no file at all: an unreadable existing key file must never be replaced.
    if (!create || std::filesystem::exists(path))
      BadFile(path, 0, "cannot be read (set security.key_file, or run `fangkong init`)");
    std::string text = "# Fangkong field encryption keys. Keep secret; back up apart from the database.\n";
    text += "# Losing this file makes encrypted identity numbers and phones unreadable.\n";
    text += "index " + KeyLine(RandomKey()) + "\n";
    text += "key k1 " + KeyLine(RandomKey()) + "\n";
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    mode_t old = umask(077);
    {
      std::ofstream out(path, std::ios::trunc);
      out << text;
      out.flush();
      if (!out) {
        umask(old);
        BadFile(path, 0, "cannot be written");
      }
    }
    umask(old);
    ::chmod(path.c_str(), 0600);
    return Load(path, false);
  }
  std::vector<Key> keys;
  KeyBytes index{};
  bool have_index = false;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string kind, a, b;
    ls >> kind >> a >> b;
    std::vector<unsigned char> bytes;
    if (kind == "index") {
      if (!FromBase64(a, bytes, sodium_base64_VARIANT_ORIGINAL) || bytes.size() != 32)
        BadFile(path, n, "index key must be 32 bytes in base64");
      std::copy(bytes.begin(), bytes.end(), index.begin());
      have_index = true;
    } else if (kind == "key") {
      if (a.empty() || a.find('.') != std::string::npos) BadFile(path, n, "key id must be a word without dots");
      if (!FromBase64(b, bytes, sodium_base64_VARIANT_ORIGINAL) || bytes.size() != 32)
        BadFile(path, n, "key must be 32 bytes in base64");
      Key k{a, {}};
      std::copy(bytes.begin(), bytes.end(), k.bytes.begin());
      keys.push_back(k);
    } else {
      BadFile(path, n, "expected `index <base64>` or `key <id> <base64>`");
    }
  }
  if (!have_index) BadFile(path, 0, "has no index key");
  if (keys.empty()) BadFile(path, 0, "has no encryption key");
  return FieldCipher(std::move(keys), index);
}

std::string FieldCipher::RotateFile(const std::string& path) {
  FieldCipher current = Load(path, false);
  int next = static_cast<int>(current.keys_.size()) + 1;
  std::string id;
  do {
    id = "k" + std::to_string(next++);
  } while (current.Find(id));
  std::ofstream out(path, std::ios::app);
  out << "key " << id << " " << KeyLine(RandomKey()) << "\n";
  out.flush();
  if (!out) BadFile(path, 0, "cannot be written");
  return id;
}

const FieldCipher::Key* FieldCipher::Find(std::string_view id) const {
  for (const auto& k : keys_)
    if (k.id == id) return &k;
  return nullptr;
}

std::string FieldCipher::Encrypt(std::string_view plain) const {
  const Key& k = keys_.back();
  std::vector<unsigned char> buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  randombytes_buf(buf.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(buf.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), buf.data(), k.bytes.data());
  return std::string(kPrefix) + k.id + "." + ToBase64(buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string FieldCipher::Decrypt(std::string_view sealed) const {
  if (sealed.substr(0, kPrefix.size()) != kPrefix) throw Error(ErrorCode::kInternal, "field value is not sealed");
  std::string_view rest = sealed.substr(kPrefix.size());
  size_t dot = rest.find('.');
  if (dot == std::string_view::npos) throw Error(ErrorCode::kInternal, "sealed field value has no key id");
  const Key* k = Find(rest.substr(0, dot));
  if (!k) throw Error(ErrorCode::kInternal, "sealed field value names an unknown key");
  std::vector<unsigned char> buf;
  if (!FromBase64(rest.substr(dot + 1), buf, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
      buf.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    throw Error(ErrorCode::kInternal, "sealed field value is malformed");
  std::string plain(buf.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), buf.data() + crypto_secretbox_NONCEBYTES,
                                 buf.size() - crypto_secretbox_NONCEBYTES, buf.data(), k->bytes.data()) != 0)
    throw Error(ErrorCode::kInternal, "sealed field value failed authentication");
  return plain;
}

bool FieldCipher::NeedsReencrypt(std::string_view sealed) const {
  std::string want = std::string(kPrefix) + active_key_id() + ".";
  return sealed.substr(0, want.size()) != want;
}

std::string FieldCipher::BlindIndex(std::string_view kind, std::string_view value) const {
  std::string msg;
  msg.reserve(kind.size() + 1 + value.size());
  msg.append(kind).push_back(':');
  msg.append(value);
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), index_key_.data(),
                     index_key_.size());
  return HexEncode(std::span<const unsigned char>(out, sizeof out));
}

}  // namespace fk
