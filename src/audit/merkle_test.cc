// The Merkle tree against published vectors and against itself: the tree heads, audit paths and
// consistency proofs of the Certificate Transparency reference implementation's eight-leaf test
// tree (google/certificate-transparency, cpp/merkletree/merkle_tree_test.cc; the same vectors
// are in transparency-dev/merkle), then every inclusion and consistency proof of trees of 1 to
// 300 random leaves, each verified and each altered one way at a time to fail.
#include "audit/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <random>
#include <string>

#include "base/hex.h"

namespace kikan::audit::merkle {
namespace {

Hash H(std::string_view hex) {
  auto bytes = base::FromHex(hex, 32);
  EXPECT_TRUE(bytes.has_value()) << hex;
  Hash h{};
  if (bytes) std::memcpy(h.data(), bytes->data(), 32);
  return h;
}

std::string Hex(const Hash& h) { return base::ToHex(h); }

// The reference tree's leaves (their data, hex) and its heads for sizes 0..8.
constexpr std::string_view kLeaves[] = {"",
                                        "00",
                                        "10",
                                        "2021",
                                        "3031",
                                        "40414243",
                                        "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"};
constexpr std::string_view kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MemoryTree ReferenceTree() {
  MemoryTree t;
  for (std::string_view hex : kLeaves) t.Append(LeafHash(*base::FromHex(hex, hex.size() / 2)));
  return t;
}

std::vector<std::string> HexAll(const std::vector<Hash>& v) {
  std::vector<std::string> out;
  for (const Hash& h : v) out.push_back(Hex(h));
  return out;
}

TEST(MerkleTest, ReferenceTreeHeads) {
  EXPECT_EQ(Hex(EmptyRoot()), kRoots[0]);
  const MemoryTree t = ReferenceTree();
  for (uint64_t n = 0; n <= 8; ++n) EXPECT_EQ(Hex(t.Root(n)), kRoots[n]) << "size " << n;
}

TEST(MerkleTest, ReferenceAuditPaths) {
  const MemoryTree t = ReferenceTree();
  struct Case {
    uint64_t index, size;
    std::vector<std::string> path;
  };
  // The reference's leaf numbers are 1-based; these are 0-based indexes.
  const Case cases[] = {
      {0, 1, {}},
      {0,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5,
       8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1,
       5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const Case& c : cases) {
    auto proof = InclusionProof(c.index, c.size, t.Hasher());
    ASSERT_TRUE(proof.has_value());
    EXPECT_EQ(HexAll(*proof), c.path) << c.index << "/" << c.size;
    EXPECT_TRUE(VerifyInclusion(c.index, c.size, t.RangeHash({c.index, c.index + 1}), *proof,
                                H(kRoots[c.size])));
  }
}

TEST(MerkleTest, ReferenceConsistencyProofs) {
  const MemoryTree t = ReferenceTree();
  struct Case {
    uint64_t from, to;
    std::vector<std::string> proof;
  };
  const Case cases[] = {
      {1, 1, {}},
      {1,
       8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6,
       8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2,
       5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  for (const Case& c : cases) {
    auto proof = ConsistencyProof(c.from, c.to, t.Hasher());
    ASSERT_TRUE(proof.has_value());
    EXPECT_EQ(HexAll(*proof), c.proof) << c.from << "→" << c.to;
    EXPECT_TRUE(VerifyConsistency(c.from, c.to, H(kRoots[c.from]), H(kRoots[c.to]), *proof));
  }
}

// Flips one bit of one hash.
Hash Flip(Hash h, size_t bit) {
  h[bit / 8 % 32] ^= static_cast<uint8_t>(1u << (bit % 8));
  return h;
}

// Every leaf of every tree of 1..300 random leaves proves its inclusion, and every pair of sizes
// proves consistency; for a spread of them (every proof of trees up to 40 leaves), each proof
// fails when a hash, the index, the size or a head is altered, or a hash is dropped or added.
TEST(MerkleTest, EveryProofOfRandomTreesUpTo300Leaves) {
  std::mt19937_64 rng(9162);
  MemoryTree t;
  std::vector<Hash> roots = {EmptyRoot()};
  for (int i = 0; i < 300; ++i) {
    std::string data(rng() % 40, '\0');
    for (char& ch : data) ch = static_cast<char>(rng());
    t.Append(LeafHash(data));
    roots.push_back(t.Root(t.size()));
  }
  int inclusion = 0, consistency = 0;
  for (uint64_t size = 1; size <= 300; ++size) {
    const Hash& root = roots[size];
    for (uint64_t index = 0; index < size; ++index) {
      const Hash leaf = t.RangeHash({index, index + 1});
      auto proof = InclusionProof(index, size, t.Hasher());
      ASSERT_TRUE(proof.has_value());
      ASSERT_TRUE(VerifyInclusion(index, size, leaf, *proof, root)) << index << "/" << size;
      ++inclusion;
      if (size > 40 && (index * 31 + size) % 97 != 0) continue;
      EXPECT_FALSE(VerifyInclusion(index, size, Flip(leaf, index), *proof, root));
      EXPECT_FALSE(VerifyInclusion(index, size, leaf, *proof, Flip(root, size)));
      if (size > 1) {
        EXPECT_FALSE(VerifyInclusion((index + 1) % size, size, leaf, *proof, root));
        auto bad = *proof;
        bad[index % bad.size()] = Flip(bad[index % bad.size()], 3);
        EXPECT_FALSE(VerifyInclusion(index, size, leaf, bad, root));
        bad = *proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyInclusion(index, size, leaf, bad, root));
      }
      auto longer = *proof;
      longer.push_back(leaf);
      EXPECT_FALSE(VerifyInclusion(index, size, leaf, longer, root));
      // The size is part of what is proved (the signed checkpoint binds it): another tree's head
      // with the same path shape does not verify.
      if (size < 300) {
        EXPECT_FALSE(VerifyInclusion(index, size + 1, leaf, *proof, roots[size + 1]));
      }
      EXPECT_FALSE(VerifyInclusion(size, size, leaf, *proof, root));
    }
  }
  for (uint64_t from = 1; from <= 300; ++from) {
    for (uint64_t to = from; to <= 300; ++to) {
      auto proof = ConsistencyProof(from, to, t.Hasher());
      ASSERT_TRUE(proof.has_value());
      ASSERT_TRUE(VerifyConsistency(from, to, roots[from], roots[to], *proof)) << from << "→" << to;
      ++consistency;
      if (to > 40 && (from * 31 + to) % 97 != 0) continue;
      EXPECT_FALSE(VerifyConsistency(from, to, Flip(roots[from], to), roots[to], *proof));
      EXPECT_FALSE(VerifyConsistency(from, to, roots[from], Flip(roots[to], from), *proof));
      if (!proof->empty()) {
        auto bad = *proof;
        bad[from % bad.size()] = Flip(bad[from % bad.size()], 5);
        EXPECT_FALSE(VerifyConsistency(from, to, roots[from], roots[to], bad));
        bad = *proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyConsistency(from, to, roots[from], roots[to], bad));
      }
      if (from < to) {
        // A history rewritten before `from`: the old head is not a prefix of the new tree.
        EXPECT_FALSE(VerifyConsistency(from, to, roots[from - 1], roots[to], *proof));
        if (to < 300) {
          EXPECT_FALSE(VerifyConsistency(from, to + 1, roots[from], roots[to + 1], *proof));
        }
      }
    }
  }
  EXPECT_EQ(inclusion, 300 * 301 / 2);
  EXPECT_EQ(consistency, 300 * 301 / 2);
  EXPECT_FALSE(VerifyConsistency(0, 5, roots[0], roots[5], {}));
  EXPECT_FALSE(VerifyConsistency(6, 5, roots[6], roots[5], {}));
}

// The ranges asked of a hasher are complete subtrees or a tree's right edge: what a store of
// complete subtrees can answer by folding at most log2(size) of them.
TEST(MerkleTest, ProofRangesAreSubtreesOrRightEdges) {
  for (uint64_t size = 1; size <= 300; ++size) {
    auto check = [&](const Range& r, uint64_t tree) {
      const uint64_t n = r.end - r.begin;
      ASSERT_GT(n, 0u);
      const bool complete = std::has_single_bit(n) && r.begin % n == 0;
      const bool right_edge = r.end == tree && r.begin % std::bit_ceil(n) == 0;
      EXPECT_TRUE(complete || right_edge) << r.begin << ".." << r.end << " of " << tree;
    };
    for (uint64_t index = 0; index < size; ++index) {
      for (const Range& r : InclusionRanges(index, size)) check(r, size);
    }
    for (uint64_t from = 1; from <= size; ++from) {
      for (const Range& r : ConsistencyRanges(from, size)) check(r, size);
    }
  }
}

}  // namespace
}  // namespace kikan::audit::merkle
