#include "core/field_crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace fk {
namespace {

std::string TempPath(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / ("fk_keys_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

TEST(FieldCipher, RoundTripAndNoPlaintextInSealedValue) {
  auto path = TempPath("a.keys");
  FieldCipher c = FieldCipher::Load(path, true);
  std::string id = "410184199001011234";
  std::string sealed = c.Encrypt(id);
  EXPECT_EQ(sealed.rfind("fe1.k1.", 0), 0u);
  EXPECT_EQ(sealed.find("1234"), std::string::npos);
  EXPECT_EQ(c.Decrypt(sealed), id);
  EXPECT_NE(c.Encrypt(id), sealed) << "a fresh nonce per value";
  EXPECT_EQ(c.Decrypt(c.Encrypt("")), "");
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST(FieldCipher, BlindIndexIsKeyedAndStable) {
  FieldCipher a = FieldCipher::Load(TempPath("b1.keys"), true);
  FieldCipher b = FieldCipher::Load(TempPath("b2.keys"), true);
  EXPECT_EQ(a.BlindIndex("id", "410184199001011234"), a.BlindIndex("id", "410184199001011234"));
  EXPECT_NE(a.BlindIndex("id", "410184199001011234"), a.BlindIndex("phone", "410184199001011234"));
  EXPECT_NE(a.BlindIndex("id", "410184199001011234"), b.BlindIndex("id", "410184199001011234"));
  EXPECT_EQ(a.BlindIndex("id", "x").size(), 32u);
}

TEST(FieldCipher, TamperAndUnknownKeyAreRefused) {
  FieldCipher c = FieldCipher::Load(TempPath("c.keys"), true);
  std::string sealed = c.Encrypt("13800138000");
  std::string bad = sealed;
  bad.back() = bad.back() == 'A' ? 'B' : 'A';
  EXPECT_THROW(c.Decrypt(bad), Error);
  EXPECT_THROW(c.Decrypt("13800138000"), Error);
  FieldCipher other = FieldCipher::Load(TempPath("c2.keys"), true);
  EXPECT_THROW(other.Decrypt(sealed), Error);  // same key id k1, different key: authentication fails
}

TEST(FieldCipher, RotationKeepsOldValuesReadable) {
  auto path = TempPath("d.keys");
  FieldCipher before = FieldCipher::Load(path, true);
  std::string old_sealed = before.Encrypt("13800138000");
  EXPECT_EQ(FieldCipher::RotateFile(path), "k2");
  FieldCipher after = FieldCipher::Load(path, false);
  EXPECT_EQ(after.active_key_id(), "k2");
  EXPECT_EQ(after.Decrypt(old_sealed), "13800138000");
  EXPECT_TRUE(after.NeedsReencrypt(old_sealed));
  std::string fresh = after.Encrypt("13800138000");
  EXPECT_EQ(fresh.rfind("fe1.k2.", 0), 0u);
  EXPECT_FALSE(after.NeedsReencrypt(fresh));
  EXPECT_EQ(after.BlindIndex("phone", "13800138000"), before.BlindIndex("phone", "13800138000"))
      << "rotation changes the sealing key, not the index key";
}

TEST(FieldCipher, MalformedFileNamesTheLine) {
  auto path = TempPath("e.keys");
  {
    std::ofstream out(path);
    out << "# c\nindex AAAA\n";
  }
  try {
    FieldCipher::Load(path, false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(FieldCipher::Load(TempPath("missing.keys"), false), Error);
}

}  // namespace
}  // namespace fk
