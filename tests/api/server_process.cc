#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli/cli_runner.h"

extern char** environ;

namespace kikan::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left before `deadline`, clamped to [0, INT_MAX] for poll.
int MsLeft(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left < 0) return 0;
  if (left > 1'000'000'000) return 1'000'000'000;
  return static_cast<int>(left);
}

ProcessExit FromStatus(int status) {
  ProcessExit e;
  if (WIFEXITED(status)) {
    e.exited = true;
    e.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    e.signal = WTERMSIG(status);
  }
  return e;
}

// Spawns the kikan binary: stdout onto `stdout_fd` (a pipe's write end) or into `stdout_path`,
// stderr appended to `stderr_path`, stdin from `stdin_path`; default signal dispositions and an
// empty signal mask in the child whatever the test process has.
pid_t SpawnKikan(const std::vector<std::string>& args, int stdout_fd,
                 const std::string& stdout_path, const std::string& stderr_path, std::string* error,
                 const std::string& stdin_path = "/dev/null") {
  static const bool ignore_sigpipe = [] {
    // A client writing to a killed server must get EPIPE, not kill the test.
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)ignore_sigpipe;
  const std::string binary = KikanBinary();
  std::vector<std::string> argv_s;
  argv_s.push_back(binary);
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  if (stdout_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  }
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    *error = "cannot spawn " + binary + ": " + std::strerror(rc);
    return -1;
  }
  return pid;
}

// Waits up to `timeout` for `pid` to end (pidfd + poll); true when it has (not yet reaped).
bool WaitReadable(pid_t pid, std::chrono::milliseconds timeout) {
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return true;  // no pidfd (old kernel): let the caller block in waitpid
  pollfd p{fd, POLLIN, 0};
  auto deadline = Clock::now() + timeout;
  int rc;
  do {
    rc = ::poll(&p, 1, MsLeft(deadline));
  } while (rc < 0 && errno == EINTR);
  ::close(fd);
  return rc > 0;
}

// Blocks in waitpid (retrying EINTR) and returns how the child ended.
ProcessExit BlockingReap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return FromStatus(status);
}

}  // namespace

std::string ProcessExit::Describe() const {
  if (exited) return "exit " + std::to_string(code);
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TempDir::TempDir(const std::string& prefix) {
  std::string templ = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (::mkdtemp(templ.data()) != nullptr) path_ = templ;
}

TempDir::~TempDir() {
  if (keep_ || path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::unique_ptr<ServerProcess> ServerProcess::Spawn(const std::vector<std::string>& args,
                                                    const std::string& stderr_path,
                                                    std::string* error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("pipe2: ") + std::strerror(errno);
    return nullptr;
  }
  pid_t pid = SpawnKikan(args, fds[1], "", stderr_path, error);
  ::close(fds[1]);  // the child holds the only write end: EOF when it exits
  if (pid < 0) {
    ::close(fds[0]);
    return nullptr;
  }
  std::unique_ptr<ServerProcess> p(new ServerProcess());
  p->pid_ = pid;
  p->out_fd_ = fds[0];
  p->stderr_path_ = stderr_path;
  return p;
}

ServerProcess::~ServerProcess() {
  if (!exit_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    exit_ = BlockingReap(pid_);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

bool ServerProcess::Reap(int options) {
  if (exit_) return true;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, options);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    exit_ = FromStatus(status);
    return true;
  }
  return false;
}

bool ServerProcess::WaitListening(std::chrono::milliseconds timeout, std::string* why) {
  const auto deadline = Clock::now() + timeout;
  static constexpr std::string_view kPrefix = "listening on http://";
  for (;;) {
    if (auto at = out_.find(kPrefix); at != std::string::npos) {
      auto eol = out_.find('\n', at);
      if (eol != std::string::npos) {
        std::string line = out_.substr(at, eol - at);
        auto slash = line.rfind('/');
        auto colon = line.rfind(':', slash);
        int port = 0;
        if (slash != std::string::npos && colon != std::string::npos && colon > kPrefix.size()) {
          port = std::atoi(line.substr(colon + 1, slash - colon - 1).c_str());
        }
        if (port <= 0 || port > 65535) {
          *why = "cannot read a port from \"" + line + "\"";
          return false;
        }
        port_ = static_cast<uint16_t>(port);
        return true;
      }
    }
    pollfd p{out_fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, MsLeft(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      *why = std::string("poll: ") + std::strerror(errno);
      return false;
    }
    if (rc == 0) {
      *why = "no \"listening on\" line within " + std::to_string(timeout.count()) +
             " ms; stdout so far: \"" + out_ + "\"";
      return false;
    }
    char buf[4096];
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // stdout closed: the server has exited (or closed stdout, which it does not do).
      Wait(std::chrono::milliseconds(std::max(MsLeft(deadline), 1000)));
      *why = "the server ended before listening (" + (exit_ ? exit_->Describe() : "still running") +
             "); stdout: \"" + out_ + "\"";
      return false;
    }
    out_.append(buf, static_cast<size_t>(n));
  }
}

bool ServerProcess::Signal(int sig) {
  if (exit_ || pid_ <= 0) return false;
  return ::kill(pid_, sig) == 0;
}

std::optional<ProcessExit> ServerProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_) return exit_;
  if (!WaitReadable(pid_, timeout)) {
    ::kill(pid_, SIGKILL);
    exit_ = BlockingReap(pid_);
    return std::nullopt;
  }
  if (!Reap(0)) return std::nullopt;
  return exit_;
}

std::string ServerProcess::StderrText() const { return ReadWholeFile(stderr_path_); }

KikanRun RunKikan(const std::vector<std::string>& args, const std::string& dir,
                  std::chrono::milliseconds timeout, const std::string& stdin_text) {
  static int counter = 0;
  const std::string tag = std::to_string(++counter);
  const std::string out_path = dir + "/run-" + tag + ".out";
  const std::string err_path = dir + "/run-" + tag + ".err";
  const std::string in_path = dir + "/run-" + tag + ".in";
  KikanRun run;
  std::string error;
  if (std::FILE* f = std::fopen(in_path.c_str(), "wb")) {
    std::fwrite(stdin_text.data(), 1, stdin_text.size(), f);
    std::fclose(f);
  }
  pid_t pid = SpawnKikan(args, -1, out_path, err_path, &error, in_path);
  if (pid < 0) {
    run.err = error;
    return run;
  }
  if (!WaitReadable(pid, timeout)) ::kill(pid, SIGKILL);
  run.exit = BlockingReap(pid);
  run.out = ReadWholeFile(out_path);
  run.err = ReadWholeFile(err_path);
  return run;
}

}  // namespace kikan::testing
