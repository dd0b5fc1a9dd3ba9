#include "http/server.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <ctime>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>

#include "http/problem.h"

namespace kikan::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// The first read of a request, while the connection is idle.
constexpr size_t kFirstRead = 8 * 1024;
// After an error response, what the client still sends is read and dropped (at most this much,
// for at most this long) before closing, so that closing with unread data (which makes the
// kernel send a reset) does not destroy the response before the client reads it.
constexpr size_t kLingerBytes = 1 << 20;
constexpr std::chrono::seconds kLingerTimeout{5};

std::string FormatEndpoint(const asio::ip::address& address, uint16_t port) {
  if (address.is_v6()) return fmt::format("[{}]:{}", address.to_string(), port);
  return fmt::format("{}:{}", address.to_string(), port);
}

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (locale-independent).
std::string HttpDate(std::chrono::system_clock::time_point t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  // gmtime_r's tm_wday is in [0, 6] and tm_mon in [0, 11].
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                     kDays[static_cast<size_t>(tm.tm_wday)], tm.tm_mday,
                     kMonths[static_cast<size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool IsFieldValue(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// Header fields the server owns (framing and identity); a handler's are dropped.
bool IsServerField(std::string_view name) {
  for (std::string_view f : {"Content-Length", "Transfer-Encoding", "Connection", "Date", "Server",
                             "Content-Type", "Keep-Alive", "Upgrade"}) {
    if (EqualsIgnoreCase(name, f)) return true;
  }
  return false;
}

// The encoded path of a target, without its query: what the request log shows (it holds only
// visible ASCII, as the parser checked, and leaves out query strings that may carry secrets).
std::string_view LogPath(std::string_view target) { return target.substr(0, target.find('?')); }

bool IsParseError(const ErrorCode& ec) {
  static const boost::system::error_category& kHttp =
      bhttp::make_error_code(bhttp::error::bad_method).category();
  return ec.category() == kHttp && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message;
}

struct Session {
  enum class State {
    kIdle,     // waiting for the first byte of a request: Stop closes it
    kBusy,     // reading, handling or answering a request: Stop lets it finish
    kClosing,  // draining before close after an error response: Stop closes it
  };
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  State state = State::kIdle;
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        workers_(static_cast<size_t>(options_.threads)) {}

  base::Status Listen();
  void Run();
  uint16_t port() const { return port_; }
  void StopAccepting();
  void Stop();

 private:
  enum class Next { kContinue, kClose, kLinger };

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(tcp::socket socket);
  asio::awaitable<Next> Exchange(Session& session, beast::flat_buffer& buffer,
                                 const std::string& remote);
  // Answers an error found while reading a request; the connection is closed afterwards.
  asio::awaitable<Next> Reject(Session& session, const bhttp::request_header<>& header,
                               const std::string& remote, unsigned status,
                               const base::Status& problem);
  asio::awaitable<ErrorCode> Write(Session& session, Response res, unsigned version, bool head,
                                   bool keep_alive);
  asio::awaitable<void> Linger(Session& session);
  Response CallHandler(Request& req);
  void BeginStop();
  void MaybeFinish();
  void Log(std::string_view line);

  const ServerOptions options_;
  const Handler handler_;

  // I/O-thread state.
  std::unordered_set<Session*> sessions_;
  bool stopping_ = false;

  asio::io_context io_{1};
  tcp::acceptor acceptor_{io_};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  asio::thread_pool workers_;
  std::thread io_thread_;
  uint16_t port_ = 0;

  std::mutex stop_mu_;
  bool accept_stopped_ = false;
  bool joined_ = false;
  std::mutex log_mu_;
};

base::Status Server::Impl::Listen() {
  ErrorCode ec;
  asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (ec) {
    return base::Unavailable(
        {.ja = fmt::format("{}:{} で待ち受けできません: 「{}」は IP アドレスではありません",
                           options_.address, options_.port, options_.address),
         .en = fmt::format("cannot listen on {}:{}: \"{}\" is not an IP address", options_.address,
                           options_.port, options_.address)});
  }
  std::string where = FormatEndpoint(address, options_.port);
  auto fail = [&](const ErrorCode& e) {
    return base::Unavailable({.ja = fmt::format("{} で待ち受けできません: {}", where, e.message()),
                              .en = fmt::format("cannot listen on {}: {}", where, e.message())});
  };
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail(ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec);
  tcp::endpoint local = acceptor_.local_endpoint(ec);
  if (ec) return fail(ec);
  port_ = local.port();
  return base::Status::Ok();
}

void Server::Impl::Run() {
  work_.emplace(io_.get_executor());
  asio::co_spawn(io_, Accept(), asio::detached);
  io_thread_ = std::thread([this] {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {
        Log(fmt::format("http server: event loop error: {}", e.what()));
      } catch (...) {
        Log("http server: event loop error (unknown exception)");
      }
    }
  });
}

void Server::Impl::Log(std::string_view line) {
  if (!options_.log) return;
  std::lock_guard lock(log_mu_);
  try {
    options_.log(line);
  } catch (...) {
    // A failing logger must not take the server down.
  }
}

asio::awaitable<void> Server::Impl::Accept() {
  asio::steady_timer backoff(io_);
  while (acceptor_.is_open()) {
    auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
    if (!ec) {
      asio::co_spawn(io_, Serve(std::move(socket)), asio::detached);
      continue;
    }
    if (stopping_ || ec == asio::error::operation_aborted) co_return;
    // Out of descriptors, say: retry shortly instead of spinning.
    Log(fmt::format("http server: accept failed: {}", ec.message()));
    backoff.expires_after(std::chrono::milliseconds(100));
    co_await backoff.async_wait(kTuple);
  }
}

asio::awaitable<void> Server::Impl::Serve(tcp::socket socket) {
  Session session(std::move(socket));
  sessions_.insert(&session);
  struct Unregister {
    Impl* impl;
    Session* session;
    ~Unregister() {
      impl->sessions_.erase(session);
      impl->MaybeFinish();
    }
  } unregister{this, &session};

  ErrorCode ec;
  session.stream.socket().set_option(tcp::no_delay(true), ec);
  tcp::endpoint peer = session.stream.socket().remote_endpoint(ec);
  std::string remote = ec ? std::string("?") : FormatEndpoint(peer.address(), peer.port());
  beast::flat_buffer buffer;
  Next next = Next::kClose;
  try {
    for (;;) {
      if (buffer.size() == 0) {
        if (stopping_) break;
        session.state = Session::State::kIdle;
        session.stream.expires_after(options_.idle_timeout);
        auto [read_ec, n] =
            co_await session.stream.async_read_some(buffer.prepare(kFirstRead), kTuple);
        if (read_ec) break;  // closed by the client, idle timeout, or Stop
        buffer.commit(n);
      }
      session.state = Session::State::kBusy;
      next = co_await Exchange(session, buffer, remote);
      if (next != Next::kContinue) break;
    }
    if (next == Next::kLinger) co_await Linger(session);
  } catch (const std::exception& e) {
    Log(fmt::format("http server: connection {}: {}", remote, e.what()));
  }
  session.stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  session.stream.close();
}

asio::awaitable<Server::Impl::Next> Server::Impl::Exchange(Session& session,
                                                           beast::flat_buffer& buffer,
                                                           const std::string& remote) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(
      std::min<size_t>(options_.max_header_bytes, std::numeric_limits<uint32_t>::max())));
  parser.body_limit(options_.max_body_bytes);
  session.stream.expires_after(options_.read_timeout);

  auto [header_ec, header_n] =
      co_await bhttp::async_read_header(session.stream, buffer, parser, kTuple);
  const bhttp::request_header<>& header = parser.get().base();
  if (header_ec == bhttp::error::header_limit) {
    // Built before the co_await: GCC 12 destroys a braced temporary in a co_await's operands
    // twice (a double free).
    base::Status too_long = base::InvalidArgument(
        {.ja = fmt::format("リクエスト行とヘッダーが {} バイトを超えています",
                           options_.max_header_bytes),
         .en = fmt::format("The request line and header fields exceed {} bytes",
                           options_.max_header_bytes)});
    co_return co_await Reject(session, header, remote, 431, std::move(too_long));
  }
  auto too_large = [&] {
    return base::InvalidArgument(
        {.ja = fmt::format("リクエスト本文が {} バイトを超えています", options_.max_body_bytes),
         .en = fmt::format("The request body exceeds {} bytes", options_.max_body_bytes)});
  };
  if (header_ec == bhttp::error::body_limit) {
    co_return co_await Reject(session, header, remote, 413, too_large());
  }
  auto malformed = [](const ErrorCode& ec) {
    return base::InvalidArgument(
        {.ja = fmt::format("HTTP リクエストの形式が不正です: {}", ec.message()),
         .en = fmt::format("Malformed HTTP request: {}", ec.message())});
  };
  if (IsParseError(header_ec)) {
    co_return co_await Reject(session, header, remote, 400, malformed(header_ec));
  }
  if (header_ec) co_return Next::kClose;  // the client went away or was too slow

  auto made = MakeRequest(std::string(header.method_string()), std::string(header.target()));
  if (!made) co_return co_await Reject(session, header, remote, 400, made.status());
  Request req = std::move(*made);
  for (const auto& field : header) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  req.remote = remote;
  if (header.version() >= 11 && !req.Header("Host")) {
    base::Status no_host =
        base::InvalidArgument({.ja = "HTTP/1.1 のリクエストには Host ヘッダーが必要です",
                               .en = "An HTTP/1.1 request must have a Host header field"});
    co_return co_await Reject(session, header, remote, 400, std::move(no_host));
  }

  if (!parser.is_done()) {
    if (auto expect = req.Header("Expect"); expect && EqualsIgnoreCase(*expect, "100-continue")) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, header.version()};
      auto [write_ec, write_n] = co_await bhttp::async_write(session.stream, go_on, kTuple);
      if (write_ec) co_return Next::kClose;
    }
    auto [body_ec, body_n] = co_await bhttp::async_read(session.stream, buffer, parser, kTuple);
    if (body_ec == bhttp::error::body_limit) {
      co_return co_await Reject(session, header, remote, 413, too_large());
    }
    if (IsParseError(body_ec)) {
      co_return co_await Reject(session, header, remote, 400, malformed(body_ec));
    }
    if (body_ec) co_return Next::kClose;
  }
  req.body = std::move(parser.get().body());
  bool keep_alive = parser.get().keep_alive();
  unsigned version = header.version();

  // The handler's time is not the client's: no timeout while it runs.
  session.stream.expires_never();
  auto start = std::chrono::steady_clock::now();
  Response res = co_await asio::co_spawn(
      workers_, [this, &req]() -> asio::awaitable<Response> { co_return CallHandler(req); },
      asio::use_awaitable);
  unsigned status = res.status;
  keep_alive = keep_alive && !stopping_;
  ErrorCode write_ec =
      co_await Write(session, std::move(res), version, req.method == "HEAD", keep_alive);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  Log(fmt::format("{} {} {} {} {}us", remote, req.method, LogPath(req.target), status,
                  micros.count()));
  if (write_ec || !keep_alive || stopping_) co_return Next::kClose;
  co_return Next::kContinue;
}

asio::awaitable<Server::Impl::Next> Server::Impl::Reject(Session& session,
                                                         const bhttp::request_header<>& header,
                                                         const std::string& remote, unsigned status,
                                                         const base::Status& problem) {
  // The header may be partial; use what there is to choose the language.
  Request partial;
  auto made = MakeRequest(std::string(header.method_string()), std::string(header.target()));
  if (made) partial = std::move(*made);
  for (const auto& field : header) {
    partial.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  unsigned version = header.version() == 10 ? 10 : 11;
  ErrorCode ec = co_await Write(session, HttpProblem(status, problem, RequestLang(partial)),
                                version, false, false);
  std::string_view method = header.method_string();
  Log(fmt::format("{} {} {} {} {}", remote, method.empty() ? "-" : method,
                  header.target().empty() ? std::string_view("-") : LogPath(header.target()),
                  status, problem.en()));
  co_return ec ? Next::kClose : Next::kLinger;
}

asio::awaitable<ErrorCode> Server::Impl::Write(Session& session, Response res, unsigned version,
                                               bool head, bool keep_alive) {
  if (res.status < 200 || res.status > 599) {
    Log(fmt::format("http server: handler returned invalid status {}", res.status));
    res = Problem(500,
                  base::Internal({.ja = "サーバーが不正な応答を生成しました",
                                  .en = "The server produced an invalid response"}),
                  base::Lang::kJa);
  }
  bhttp::response<bhttp::string_body> msg;
  msg.version(version);
  msg.result(res.status);
  msg.set(bhttp::field::date,
          HttpDate(options_.now ? options_.now() : std::chrono::system_clock::now()));
  msg.set(bhttp::field::server, "kikan");
  bool no_body = res.status == 204 || res.status == 304;
  if (!res.content_type.empty() && !no_body && IsFieldValue(res.content_type)) {
    msg.set(bhttp::field::content_type, res.content_type);
  }
  msg.set("X-Content-Type-Options", "nosniff");
  bool cache_control = false;
  for (const auto& [name, value] : res.headers) {
    if (!IsToken(name) || !IsFieldValue(value)) {
      Log(fmt::format("http server: dropped an invalid response header field \"{}\"",
                      IsFieldValue(name) ? name : std::string("?")));
      continue;
    }
    if (IsServerField(name)) continue;
    if (EqualsIgnoreCase(name, "Cache-Control")) cache_control = true;
    msg.insert(name, value);
  }
  if (!cache_control) msg.set(bhttp::field::cache_control, "no-store");
  msg.keep_alive(keep_alive);
  if (!no_body) msg.content_length(res.body.size());

  session.stream.expires_after(options_.read_timeout);
  if (head || no_body) {
    bhttp::response<bhttp::empty_body> empty(std::move(msg.base()));
    auto [ec, n] = co_await bhttp::async_write(session.stream, empty, kTuple);
    co_return ec;
  }
  msg.body() = std::move(res.body);
  auto [ec, n] = co_await bhttp::async_write(session.stream, msg, kTuple);
  co_return ec;
}

asio::awaitable<void> Server::Impl::Linger(Session& session) {
  if (stopping_) co_return;
  session.state = Session::State::kClosing;
  ErrorCode ec;
  session.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  session.stream.expires_after(
      std::min<std::chrono::seconds>(options_.read_timeout, kLingerTimeout));
  std::array<char, 8192> sink;
  size_t total = 0;
  while (total < kLingerBytes) {
    auto [read_ec, n] = co_await session.stream.async_read_some(asio::buffer(sink), kTuple);
    if (read_ec) break;
    total += n;
  }
}

Response Server::Impl::CallHandler(Request& req) {
  try {
    return handler_(req);
  } catch (const std::exception& e) {
    Log(fmt::format("http server: handler for {} {} threw: {}", req.method, LogPath(req.target),
                    e.what()));
  } catch (...) {
    Log(fmt::format("http server: handler for {} {} threw a non-standard exception", req.method,
                    LogPath(req.target)));
  }
  return Problem(500,
                 base::Internal({.ja = "サーバーがリクエストの処理中にエラーになりました",
                                 .en = "The server failed while handling the request"}),
                 RequestLang(req));
}

void Server::Impl::BeginStop() {
  if (stopping_) return;
  stopping_ = true;
  ErrorCode ec;
  acceptor_.close(ec);
  for (Session* session : sessions_) {
    if (session->state != Session::State::kBusy) session->stream.cancel();
  }
  MaybeFinish();
}

void Server::Impl::MaybeFinish() {
  // Once stopping and no connection is left, let the event loop run out of work and return.
  if (stopping_ && sessions_.empty()) work_.reset();
}

void Server::Impl::StopAccepting() {
  std::lock_guard lock(stop_mu_);
  if (accept_stopped_) return;
  accept_stopped_ = true;
  std::promise<void> done;
  std::future<void> stopped = done.get_future();
  asio::post(io_, [this, &done] {
    BeginStop();
    done.set_value();
  });
  stopped.wait();
}

void Server::Impl::Stop() {
  StopAccepting();
  std::lock_guard lock(stop_mu_);
  if (joined_) return;
  if (io_thread_.joinable()) io_thread_.join();
  workers_.join();
  joined_ = true;
}

base::Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Handler handler) {
  if (options.threads < 1) {
    return base::InvalidArgument(
        {.ja = fmt::format("サーバーのスレッド数は 1 以上にしてください（{} が指定されました）",
                           options.threads),
         .en = fmt::format("server threads must be at least 1, not {}", options.threads)});
  }
  if (options.max_header_bytes == 0 || options.read_timeout.count() <= 0 ||
      options.idle_timeout.count() <= 0) {
    return base::InvalidArgument(
        {.ja = "max_header_bytes・read_timeout・idle_timeout は正の値にしてください",
         .en = "max_header_bytes, read_timeout and idle_timeout must be positive"});
  }
  if (!handler) {
    return base::InvalidArgument(
        {.ja = "サーバーにハンドラーがありません", .en = "the server needs a handler"});
  }
  try {
    auto impl = std::make_unique<Impl>(std::move(options), std::move(handler));
    KIKAN_TRY(impl->Listen());
    impl->Run();
    return std::unique_ptr<Server>(new Server(std::move(impl)));
  } catch (const std::exception& e) {
    return base::Internal({.ja = fmt::format("HTTP サーバーを起動できません: {}", e.what()),
                           .en = fmt::format("cannot start the HTTP server: {}", e.what())});
  }
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::StopAccepting() { impl_->StopAccepting(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace kikan::http
