// Publishing the audit log's tree heads outside the database, and proofs anyone can check
// offline (docs/formats/audit-log.md §10–§11).
//
// The server keeps every tree head it signs in an append-only file of its own (the checkpoints
// file: signed notes one after another). Before signing, it holds the database to the last note
// in that file: when the stored tree no longer has that root at that size (the log was cut or
// rewritten, even by someone who could also rewrite audit_tree_head), it signs nothing and says
// why. A proof bundle carries one event, its leaf, the newest signed note and the audit path
// between them; VerifyProofBundle checks it with the public key alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "audit/log.h"
#include "audit/note.h"
#include "audit/signer.h"
#include "base/status.h"
#include "store/db.h"

namespace kikan::service {

// The last signed note in a checkpoints file; nullopt when the file does not exist or is empty.
// Errors: kUnavailable (cannot read it), kDataLoss (it holds something that is not a sequence of
// signed notes: named with its line).
base::Result<std::optional<audit::note::Checkpoint>> LastPublished(const std::string& path);

struct PublishResult {
  audit::Checkpoint chain;                           // the chain checkpoint (format v1)
  std::optional<audit::note::Checkpoint> published;  // the note appended to the file, if new
};

// Signs the current head (audit::WriteCheckpoint with `origin`) in its own transaction, after
// checking the stored tree against the last note of `checkpoints_file` (when it has one), and
// appends a newly signed tree head to the file (O_APPEND, fsync). Errors: kDataLoss when the
// database does not extend the published head (nothing signed, nothing appended), kUnavailable
// for the file, and WriteCheckpoint's.
base::Result<PublishResult> PublishCheckpoint(store::Connection& c, const audit::Signer& signer,
                                              std::string at, std::string_view origin,
                                              const std::string& checkpoints_file);

// Holds the log to a checkpoint saved earlier (the text of one signed note, or of a checkpoints
// file: its last note). The tree is recomputed from the events themselves (not read from
// audit_tree, which whoever holds the database could also rewrite): fewer events than the
// checkpoint's size is `checkpoint.truncated`, another root at that size `checkpoint.inconsistent`
// (history rewritten or forked), each naming both sizes or roots. With trusted keys (32 bytes
// each), a note signed by none of them under its origin is `checkpoint.untrusted`. Errors:
// kInvalidArgument (the text is not a signed checkpoint), the store's.
base::Result<std::vector<audit::Finding>> CheckAgainstCheckpoint(
    store::Connection& c, std::string_view checkpoint_text,
    std::span<const std::string> trusted_public_keys);

// The offline proof of event `seq` (docs/formats/audit-log.md §11): canonical JSON text ending in
// "\n". Needs a signed tree head that covers the event. Errors: kNotFound (no such event),
// kFailedPrecondition (no signed head covers it yet: the next checkpoint will), the store's.
base::Result<std::string> ProofBundle(store::Connection& c, int64_t seq);

struct VerifiedProof {
  int64_t seq = 0;
  audit::EventInput event;
  audit::note::TreeHead head;
};

// Checks a proof bundle with nothing but the public key of the log (32 bytes): the text is the
// canonical form of what it holds (so no byte can change unseen), the event's leaf is the leaf
// hash it gives, the audit path leads from it to the root of the signed note, and the note is
// signed by that key under the note's origin. Errors: kInvalidArgument naming what does not
// hold.
base::Result<VerifiedProof> VerifyProofBundle(std::string_view text,
                                              std::span<const uint8_t> public_key);

}  // namespace kikan::service
