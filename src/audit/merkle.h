// The Merkle tree of RFC 9162 §2.1 over the audit log's events (docs/formats/audit-log.md §9):
// SHA-256 with the RFC's leaf (0x00) and node (0x01) prefixes, the tree head MTH, the audit
// path of §2.1.3 and the consistency proof of §2.1.4, and their verification (§2.1.3.2,
// §2.1.4.2).
//
// Proofs are generated without holding the leaves: the algorithms name the ranges of leaves
// whose hashes make up a proof (InclusionRanges, ConsistencyRanges) and ask a RangeHasher for
// each, so a tree kept in the database (audit/log.h) answers from its stored complete subtrees
// and a tree in memory (MemoryTree, tests) from its leaves. Every range asked for is either a
// complete subtree (begin a multiple of its power-of-two width) or a tree's right edge.
//
// Pure functions; thread-safe. Indexes are 0-based leaf positions; sizes are leaf counts.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kikan::audit::merkle {

using Hash = std::array<uint8_t, 32>;

// SHA-256(0x00 || data): the hash of one leaf.
Hash LeafHash(std::string_view data);
// SHA-256(0x01 || left || right): an interior node.
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of the empty string: the head of a tree with no leaves.
Hash EmptyRoot();

// The largest power of two smaller than n (n >= 2): where MTH splits a range of n leaves.
uint64_t SplitPoint(uint64_t n);

// Leaves [begin, end).
struct Range {
  uint64_t begin = 0;
  uint64_t end = 0;
  friend bool operator==(const Range&, const Range&) = default;
};

// The ranges whose tree hashes are the audit path of leaf `index` in the tree of the first
// `size` leaves, in the RFC's order (nearest the leaf first). Requires index < size.
std::vector<Range> InclusionRanges(uint64_t index, uint64_t size);

// The ranges whose tree hashes are the consistency proof from the tree of the first `from`
// leaves to the tree of the first `to` leaves (RFC 9162 §2.1.4.1), in the RFC's order.
// Requires 0 < from <= to; empty when from == to.
std::vector<Range> ConsistencyRanges(uint64_t from, uint64_t to);

// The tree hash of a range of leaves (MTH of those leaves). Errors are the source's own (a
// database read); they end the proof.
using RangeHasher = std::function<base::Result<Hash>(Range)>;

// The proofs themselves: the ranges' hashes, from `hasher`.
base::Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                               const RangeHasher& hasher);
base::Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to,
                                                 const RangeHasher& hasher);

// RFC 9162 §2.1.3.2: true when `proof` shows the leaf with hash `leaf` at `index` in a tree of
// `size` leaves whose head is `root`. False for index >= size or a proof of the wrong length.
bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                     const Hash& root);

// RFC 9162 §2.1.4.2: true when `proof` shows the tree of `from` leaves with head `from_root` is
// a prefix of the tree of `to` leaves with head `to_root`. from == to needs an empty proof and
// equal heads; from == 0 or from > to is false.
bool VerifyConsistency(uint64_t from, uint64_t to, const Hash& from_root, const Hash& to_root,
                       std::span<const Hash> proof);

// A tree held in memory as its leaf hashes (tests, the offline verifier's own checks).
class MemoryTree {
 public:
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  // MTH of the first `size` leaves (EmptyRoot for 0). Requires size <= this->size().
  Hash Root(uint64_t size) const;
  // MTH of any range (KIKAN_CHECKs it lies within the tree): complete subtrees are kept, so a
  // subtree or a right edge costs at most log2(size) hashes.
  Hash RangeHash(Range r) const;
  RangeHasher Hasher() const {
    return [this](Range r) -> base::Result<Hash> { return RangeHash(r); };
  }

 private:
  // levels_[l][i]: the hash of the complete subtree of leaves [i·2^l, (i+1)·2^l).
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace kikan::audit::merkle
