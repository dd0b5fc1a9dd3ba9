#include "audit/merkle.h"

#include <sodium.h>

#include <bit>
#include <cstring>

#include "audit/event.h"
#include "base/check.h"

namespace kikan::audit::merkle {
namespace {

Hash Sha256(std::initializer_list<std::string_view> parts) {
  InitSodium();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (std::string_view p : parts) {
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(p.data()), p.size());
  }
  Hash out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

std::string_view View(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// PATH(m, D[begin:end]) of RFC 9162 §2.1.3.1, as ranges.
void Path(uint64_t m, uint64_t begin, uint64_t end, std::vector<Range>& out) {
  const uint64_t n = end - begin;
  if (n <= 1) return;
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    Path(m, begin, begin + k, out);
    out.push_back({begin + k, end});
  } else {
    Path(m - k, begin + k, end, out);
    out.push_back({begin, begin + k});
  }
}

// SUBPROOF(m, D[begin:end], b) of §2.1.4.1, as ranges.
void Subproof(uint64_t m, uint64_t begin, uint64_t end, bool b, std::vector<Range>& out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!b) out.push_back({begin, end});
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    Subproof(m, begin, begin + k, b, out);
    out.push_back({begin + k, end});
  } else {
    Subproof(m - k, begin + k, end, false, out);
    out.push_back({begin, begin + k});
  }
}

base::Result<std::vector<Hash>> HashAll(const std::vector<Range>& ranges,
                                        const RangeHasher& hasher) {
  std::vector<Hash> out;
  out.reserve(ranges.size());
  for (const Range& r : ranges) {
    KIKAN_ASSIGN_OR_RETURN(Hash h, hasher(r));
    out.push_back(h);
  }
  return out;
}

bool Lsb(uint64_t x) { return (x & 1) != 0; }

}  // namespace

Hash LeafHash(std::string_view data) { return Sha256({std::string_view("\x00", 1), data}); }

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256({std::string_view("\x01", 1), View(left), View(right)});
}

Hash EmptyRoot() { return Sha256({}); }

uint64_t SplitPoint(uint64_t n) {
  KIKAN_CHECK(n >= 2);
  return std::bit_floor(n - 1);
}

std::vector<Range> InclusionRanges(uint64_t index, uint64_t size) {
  KIKAN_CHECK(index < size);
  std::vector<Range> out;
  Path(index, 0, size, out);
  return out;
}

std::vector<Range> ConsistencyRanges(uint64_t from, uint64_t to) {
  KIKAN_CHECK(from > 0 && from <= to);
  std::vector<Range> out;
  Subproof(from, 0, to, true, out);
  return out;
}

base::Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                               const RangeHasher& hasher) {
  return HashAll(InclusionRanges(index, size), hasher);
}

base::Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to,
                                                 const RangeHasher& hasher) {
  return HashAll(ConsistencyRanges(from, to), hasher);
}

bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                     const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if (Lsb(fn) || fn == sn) {
      r = NodeHash(p, r);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t from, uint64_t to, const Hash& from_root, const Hash& to_root,
                       std::span<const Hash> proof) {
  if (from == 0 || from > to) return false;
  if (from == to) return proof.empty() && from_root == to_root;
  if (proof.empty()) return false;
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(from)) path.push_back(from_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = from - 1;
  uint64_t sn = to - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if (Lsb(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == from_root && sr == to_root && sn == 0;
}

void MemoryTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  for (size_t l = 0; levels_[l].size() % 2 == 0; ++l) {
    if (l + 1 == levels_.size()) levels_.emplace_back();
    const std::vector<Hash>& below = levels_[l];
    levels_[l + 1].push_back(NodeHash(below[below.size() - 2], below.back()));
  }
}

Hash MemoryTree::Root(uint64_t size) const {
  KIKAN_CHECK(size <= this->size());
  return size == 0 ? EmptyRoot() : RangeHash({0, size});
}

Hash MemoryTree::RangeHash(Range r) const {
  KIKAN_CHECK(r.begin < r.end && r.end <= size());
  const uint64_t n = r.end - r.begin;
  if (std::has_single_bit(n) && r.begin % n == 0) {
    return levels_[static_cast<size_t>(std::countr_zero(n))][r.begin / n];
  }
  const uint64_t k = SplitPoint(n);
  return NodeHash(RangeHash({r.begin, r.begin + k}), RangeHash({r.begin + k, r.end}));
}

}  // namespace kikan::audit::merkle
