// The built `kikan` binary as a separate process, for the process-level server tests: spawned
// with posix_spawn (no shell), its stdout on a pipe (read until the "listening on" line, blocking
// on poll with a deadline: no sleeps), its stderr in a file (so a chatty server never blocks on a
// full pipe, and a failing test can print what it said), stdin /dev/null. Waiting for an exit
// uses a pidfd and poll, so every wait has a deadline too.
//
// Ownership: a ServerProcess owns its child; the destructor SIGKILLs and reaps one that is still
// running, so a failing test leaves no server behind. TempDir owns a fresh directory and removes
// it (with its contents) when destroyed, unless Keep() was called.
//
// Thread-safety: a ServerProcess is used from one thread (the test's main thread); port() and
// pid() may be read from any thread once WaitListening has returned true.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kikan::testing {

// True when this binary was built with AddressSanitizer (then `kikan` was too: the tests scale
// their request counts down).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// How a child ended.
struct ProcessExit {
  bool exited = false;  // by exit(): `code` holds its status
  int code = -1;
  int signal = 0;  // killed by this signal (when !exited)
  bool Ok() const { return exited && code == 0; }
  std::string Describe() const;  // "exit 0", "exit 5", "killed by signal 9"
};

// A directory made with mkdtemp under the system temp dir.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  void Keep() { keep_ = true; }

 private:
  std::string path_;
  bool keep_ = false;
};

class ServerProcess {
 public:
  // Spawns `$KIKAN_BUILD_DIR/kikan ARGS` with stderr appended to `stderr_path`. Returns null and
  // sets *error (naming the binary and errno) when it cannot be spawned.
  static std::unique_ptr<ServerProcess> Spawn(const std::vector<std::string>& args,
                                              const std::string& stderr_path, std::string* error);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Reads stdout until a line "listening on http://HOST:PORT/" and takes PORT. Returns false,
  // with *why saying what happened, when stdout closes first (the process exited: it is reaped
  // and exit() tells how), when the line does not parse, or when `timeout` passes.
  bool WaitListening(std::chrono::milliseconds timeout, std::string* why);

  // Sends `sig`; false when the process is already reaped or kill() fails.
  bool Signal(int sig);
  // Waits for the process to end. After `timeout` it is SIGKILLed, reaped, and nullopt returned.
  std::optional<ProcessExit> Wait(std::chrono::milliseconds timeout);

  pid_t pid() const { return pid_; }
  uint16_t port() const { return port_; }
  const std::optional<ProcessExit>& exit() const { return exit_; }
  const std::string& stdout_text() const { return out_; }
  std::string StderrText() const;  // the stderr file as it is now

 private:
  ServerProcess() = default;
  bool Reap(int options);  // waitpid; fills exit_ when the child is gone

  pid_t pid_ = -1;
  int out_fd_ = -1;  // the read end of the stdout pipe
  std::string stderr_path_;
  std::string out_;
  uint16_t port_ = 0;
  std::optional<ProcessExit> exit_;
};

// Runs `kikan ARGS` to completion (same spawning; stdout and stderr in files under `dir`, stdin
// `stdin_text` through a file there), killing it after `timeout` (then exit.exited is false and
// exit.signal is SIGKILL).
struct KikanRun {
  ProcessExit exit;
  std::string out;
  std::string err;
};
KikanRun RunKikan(const std::vector<std::string>& args, const std::string& dir,
                  std::chrono::milliseconds timeout, const std::string& stdin_text = "");

// Reads a whole file ("" when it cannot be read).
std::string ReadWholeFile(const std::string& path);

}  // namespace kikan::testing
