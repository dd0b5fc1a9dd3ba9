// Server: an HTTP/1.1 server (Boost.Beast over Asio C++20 coroutines) that hands each request to
// one synchronous Handler.
//
// Threads: one I/O thread runs the event loop (accepting, reading, writing every connection);
// `threads` worker threads run the handler, so a handler that blocks (on the database) holds up
// only its own request. Server's methods are thread-safe, but Stop and StopAccepting must not be
// called from a handler or from the log callback (they wait for those to finish).
//
// Per connection: keep-alive (HTTP/1.1 default; HTTP/1.0 with "Connection: keep-alive"),
// pipelined requests answered in order, "Expect: 100-continue" honoured. Limits are enforced
// while parsing: a header over max_header_bytes → 431; a body over max_body_bytes → 413 (a
// Content-Length over the limit is refused before any body is read; a chunked body when it
// crosses the limit); a malformed request (bad request line, header, chunk framing, a target
// that is not an absolute path, HTTP/1.1 without Host) → 400. Those are problem+json responses
// (problem.h) followed by closing the connection (after draining what the client still sends, a
// bounded time, so it can read the answer). A connection that sends nothing for idle_timeout
// (before a request's first byte) is closed silently, and so is one that takes more than
// read_timeout to deliver a whole request once it has started, or to accept the response.
//
// Every response carries Date, `Server: kikan`, `X-Content-Type-Options: nosniff`, the right
// Content-Length, and `Cache-Control: no-store` unless the handler set a Cache-Control. One log
// line per request goes to options.log: `<remote> <method> <path> <status> <microseconds>us`
// (the path as sent, percent-encoded, without the query, which may carry secrets); a request
// refused while reading logs `<remote> <method|-> <path|-> <status> <reason>`; a handler that
// throws logs what it threw (the client gets a 500 problem; the server goes on).
//
// The Server owns its sockets and threads; it is neither copyable nor movable.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/message.h"

namespace kikan::http {

struct ServerOptions {
  std::string address = "127.0.0.1";    // a numeric IPv4 or IPv6 address ("0.0.0.0", "::1")
  uint16_t port = 0;                    // 0: any free port (see Server::port())
  int threads = 2;                      // worker threads running the handler, >= 1
  size_t max_header_bytes = 16 * 1024;  // request line plus header fields
  size_t max_body_bytes = 1 << 20;
  std::chrono::seconds read_timeout{30};  // to receive a whole request, or send a response
  std::chrono::seconds idle_timeout{60};  // between requests on a keep-alive connection
  // Receives one line per request and handler failure; called from server threads but never
  // concurrently (the server serializes calls). Null: no logging.
  std::function<void(std::string_view)> log;
  // The clock for the Date header (UTC). Null: std::chrono::system_clock::now.
  std::function<std::chrono::system_clock::time_point()> now;
};

class Server {
 public:
  // Binds options.address:options.port, starts listening and the threads, and returns the
  // running server. Errors: kInvalidArgument for options out of range (threads < 1, zero
  // limits or timeouts, a null handler); kUnavailable naming address:port when it cannot listen
  // there (not an IP address, address not local, port in use, permission denied); kInternal
  // when threads cannot be started.
  static base::Result<std::unique_ptr<Server>> Start(ServerOptions options, Handler handler);

  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port listened on (the one chosen by the system when options.port was 0).
  uint16_t port() const;

  // Stops accepting connections (new ones are refused from when this returns) and closes idle
  // keep-alive connections; requests being read or handled go on and are answered (with
  // "Connection: close"). Does not wait for them. Idempotent.
  void StopAccepting();

  // Graceful stop: StopAccepting(), then waits for in-flight requests to be answered, closes
  // every connection and joins all threads. Idempotent; concurrent callers all return once the
  // server has stopped. A handler that never returns makes this wait forever.
  void Stop();

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kikan::http
