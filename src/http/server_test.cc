// Tests of the real server on 127.0.0.1, port 0, with synchronous Beast clients. No sleeps:
// every wait is on a response, a promise, or a join.
#include "http/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "http/problem.h"
#include "http/router.h"

namespace kikan::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using ::testing::HasSubstr;
using Reply = bhttp::response<bhttp::string_body>;

// A blocking client connection. Reads give up after 20 s (SO_RCVTIMEO) so that a server bug
// fails a test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{20, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  Reply Send(bhttp::request<bhttp::string_body> req) {
    if (req.find(bhttp::field::host) == req.end()) req.set(bhttp::field::host, "localhost");
    req.prepare_payload();
    bhttp::write(socket_, req);
    return Read(req.method() == bhttp::verb::head);
  }
  Reply Get(std::string target, std::vector<std::pair<std::string, std::string>> fields = {}) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, target, 11};
    for (auto& [k, v] : fields) req.set(k, v);
    return Send(std::move(req));
  }
  void WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }
  Reply Read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    parser.body_limit(16 << 20);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }
  // True when the server has closed the connection (a read gives EOF or a reset).
  bool Closed() {
    if (buffer_.size() > 0) return false;
    char c;
    ErrorCode ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  uint16_t local_port() const { return socket_.local_endpoint().port(); }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

json::object Json(const Reply& r) {
  ErrorCode ec;
  json::value v = json::parse(r.body(), ec);
  EXPECT_FALSE(ec) << r.body();
  return v.is_object() ? v.as_object() : json::object();
}

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

std::string Field(const Reply& r, std::string_view name) {
  auto it = r.find(name);
  return it == r.end() ? std::string("<none>") : std::string(it->value());
}

bool ConnectionRefused(uint16_t port) {
  asio::io_context io;
  tcp::socket s(io);
  ErrorCode ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec == asio::error::connection_refused;
}

// 2025-06-02 03:04:05 UTC.
std::chrono::system_clock::time_point FixedNow() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1748833445));
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/items/{id}", [](Request& req) {
      json::object o;
      o["id"] = req.Param("id");
      o["path"] = req.path;
      o["x"] = req.Query("x").value_or("-");
      o["remote"] = req.remote;
      o["ua"] = req.Header("user-agent").value_or("-");
      Response res;
      res.body = json::serialize(o);
      return res;
    });
    router_.Add("POST", "/echo", [](Request& req) {
      Response res;
      res.content_type = "text/plain; charset=utf-8";
      res.body = req.body;
      res.headers.emplace_back("Cache-Control", "max-age=60");
      res.headers.emplace_back("X-Bad", "a\r\nInjected: yes");
      res.headers.emplace_back("Content-Length", "999");
      return res;
    });
    router_.Add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router_.Add("GET", "/fail", [](Request& req) {
      return Problem(base::FailedPrecondition({.ja = "提出済みです", .en = "already submitted"}),
                     RequestLang(req));
    });
    router_.Add("DELETE", "/empty", [](Request&) {
      Response res;
      res.status = 204;
      return res;
    });
    StartServer();
  }
  // Stop before the log the server writes to goes away.
  void TearDown() override { server_.reset(); }

  void StartServer() {
    ServerOptions options;
    options.max_header_bytes = 1024;
    options.max_body_bytes = 1024;
    options.threads = 3;
    options.now = FixedNow;
    options.log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    auto server = Server::Start(options, router_);
    ASSERT_TRUE(server.has_value()) << server.status().ToString();
    server_ = std::move(*server);
  }

  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(ServerTest, RouteParamsQueryAndHeaders) {
  Client c(server_->port());
  Reply r = c.Get("/items/a%20b?x=1&x=2", {{"User-Agent", "test"}});
  EXPECT_EQ(r.result_int(), 200u);
  json::object o = Json(r);
  EXPECT_EQ(o["id"], "a b");
  EXPECT_EQ(o["path"], "/items/a b");
  EXPECT_EQ(o["x"], "1");
  EXPECT_EQ(o["ua"], "test");
  EXPECT_EQ(Str(o["remote"]), "127.0.0.1:" + std::to_string(c.local_port()));
  EXPECT_EQ(Field(r, "Content-Type"), "application/json");
  EXPECT_EQ(Field(r, "Content-Length"), std::to_string(r.body().size()));
  EXPECT_EQ(Field(r, "Server"), "kikan");
  EXPECT_EQ(Field(r, "Date"), "Mon, 02 Jun 2025 03:04:05 GMT");
  EXPECT_EQ(Field(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Field(r, "Cache-Control"), "no-store");
  EXPECT_TRUE(r.keep_alive());
}

TEST_F(ServerTest, HandlerHeadersAndBody) {
  Client c(server_->port());
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/echo", 11};
  req.body() = "こんにちは";
  Reply r = c.Send(req);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body(), "こんにちは");
  EXPECT_EQ(Field(r, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Field(r, "Cache-Control"), "max-age=60");  // the handler's, not no-store
  EXPECT_EQ(Field(r, "X-Bad"), "<none>");              // CR LF in a value: dropped
  EXPECT_EQ(Field(r, "Injected"), "<none>");
  EXPECT_EQ(Field(r, "Content-Length"), std::to_string(r.body().size()));
  // 204: no body, no Content-Type, no Content-Length.
  Reply empty = c.Send({bhttp::verb::delete_, "/empty", 11});
  EXPECT_EQ(empty.result_int(), 204u);
  EXPECT_EQ(Field(empty, "Content-Length"), "<none>");
  EXPECT_EQ(Field(empty, "Content-Type"), "<none>");
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowed) {
  Client c(server_->port());
  Reply nf = c.Get("/nowhere?lang=en");
  EXPECT_EQ(nf.result_int(), 404u);
  EXPECT_EQ(Field(nf, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(nf)["detail"], "There is no resource at /nowhere");
  Reply na = c.Send({bhttp::verb::put, "/items/1", 11});
  EXPECT_EQ(na.result_int(), 405u);
  EXPECT_EQ(Field(na, "Allow"), "GET, HEAD");
  EXPECT_EQ(Json(na)["status"], 405);
  EXPECT_TRUE(na.keep_alive());  // a routing problem is an ordinary answer
  EXPECT_EQ(c.Get("/items/2").result_int(), 200u);
}

TEST_F(ServerTest, HeadIsGetWithoutBody) {
  Client c(server_->port());
  Reply get = c.Get("/items/7");
  Reply head = c.Send({bhttp::verb::head, "/items/7", 11});
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(Field(head, "Content-Length"), std::to_string(get.body().size()));
  // The connection is still in step: the next answer is the right one.
  EXPECT_EQ(Json(c.Get("/items/8"))["id"], "8");
}

TEST_F(ServerTest, ProblemLanguage) {
  Client c(server_->port());
  Reply ja = c.Get("/fail");
  EXPECT_EQ(ja.result_int(), 409u);
  json::object b = Json(ja);
  EXPECT_EQ(b["detail"], "提出済みです");
  EXPECT_EQ(b["title"], "現在の状態では実行できません");
  EXPECT_EQ(b["code"], "FAILED_PRECONDITION");
  EXPECT_EQ(b["type"], "https://kikan.example/problems/failed-precondition");
  EXPECT_EQ(b["status"], 409);
  EXPECT_EQ(Field(ja, "Content-Language"), "ja");
  EXPECT_EQ(Json(c.Get("/fail", {{"Accept-Language", "en-GB,en;q=0.8"}}))["detail"],
            "already submitted");
  EXPECT_EQ(Json(c.Get("/fail?lang=en"))["detail"], "already submitted");
  EXPECT_EQ(Json(c.Get("/fail?lang=ja", {{"Accept-Language", "en"}}))["detail"], "提出済みです");
}

TEST_F(ServerTest, BodyLimitExactlyIsAccepted) {
  Client c(server_->port());
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/echo", 11};
  req.body() = std::string(1024, 'a');
  Reply r = c.Send(req);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body().size(), 1024u);
}

TEST_F(ServerTest, ContentLengthOverLimitIs413) {
  Client c(server_->port());
  std::string body(2000, 'a');
  c.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nContent-Length: 2000\r\n\r\n" +
      body);
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 413u);
  EXPECT_EQ(Field(r, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(r)["detail"], "The request body exceeds 1024 bytes");
  EXPECT_EQ(Json(r)["title"], "Content Too Large");
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, ContentLengthOverLimitIs413BeforeTheBodyIsSent) {
  Client c(server_->port());
  // The body is never sent: the limit is checked on the header alone.
  c.WriteRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 413u);
  EXPECT_EQ(Json(r)["detail"], "リクエスト本文が 1024 バイトを超えています");
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  Client c(server_->port());
  std::string chunk(600, 'b');
  c.WriteRaw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
             "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 413u);
  EXPECT_EQ(Json(r)["code"], "INVALID_ARGUMENT");
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, ChunkedBodyWithinLimitIsAccepted) {
  Client c(server_->port());
  c.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body(), "abcdefg");
}

TEST_F(ServerTest, HeaderTooLargeIs431) {
  Client c(server_->port());
  c.WriteRaw("GET /items/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'h') + "\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 431u);
  EXPECT_EQ(Field(r, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json(r)["status"], 431);
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, MalformedRequestsAre400) {
  for (std::string raw : {std::string("NOT A REQUEST\r\n\r\n"), std::string("\x01\x02\x03\r\n\r\n"),
                          std::string("GET /a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
                          std::string("GET http://evil/items/1 HTTP/1.1\r\nHost: x\r\n\r\n"),
                          std::string("GET /items/1 HTTP/1.1\r\n\r\n"),  // no Host
                          std::string("POST /echo HTTP/1.1\r\nHost: x\r\n"
                                      "Transfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    Client c(server_->port());
    c.WriteRaw(raw);
    Reply r = c.Read();
    EXPECT_EQ(r.result_int(), 400u) << raw;
    EXPECT_EQ(Field(r, "Content-Type"), "application/problem+json") << raw;
    EXPECT_EQ(Json(r)["code"], "INVALID_ARGUMENT") << raw;
    EXPECT_FALSE(r.keep_alive());
    EXPECT_TRUE(c.Closed()) << raw;
  }
  // The server is fine afterwards.
  EXPECT_EQ(Client(server_->port()).Get("/items/1").result_int(), 200u);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Client c(server_->port());
  std::string remote;
  for (int i = 0; i < 10; ++i) {
    Reply r = c.Get("/items/" + std::to_string(i));
    ASSERT_EQ(r.result_int(), 200u);
    json::object o = Json(r);
    EXPECT_EQ(Str(o["id"]), std::to_string(i));
    if (i == 0) remote = Str(o["remote"]);
    EXPECT_EQ(Str(o["remote"]), remote);  // the same connection every time
  }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Client c(server_->port());
  c.WriteRaw(
      "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(Json(c.Read())["id"], "1");
  EXPECT_EQ(Json(c.Read())["id"], "2");
  Reply last = c.Read();
  EXPECT_EQ(Json(last)["id"], "3");
  EXPECT_FALSE(last.keep_alive());
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  Client c(server_->port());
  c.WriteRaw("GET /items/1 HTTP/1.0\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.version(), 10u);
  EXPECT_TRUE(c.Closed());
}

TEST_F(ServerTest, ExpectContinue) {
  Client c(server_->port());
  c.WriteRaw("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  Reply cont = c.Read();
  EXPECT_EQ(cont.result_int(), 100u);
  c.WriteRaw("hello");
  Reply r = c.Read();
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body(), "hello");
}

TEST_F(ServerTest, HandlerThrowingGives500AndTheServerGoesOn) {
  Client c(server_->port());
  Reply r = c.Get("/throw?lang=en");
  EXPECT_EQ(r.result_int(), 500u);
  EXPECT_EQ(Field(r, "Content-Type"), "application/problem+json");
  json::object b = Json(r);
  EXPECT_EQ(b["code"], "INTERNAL");
  EXPECT_EQ(b["status"], 500);
  EXPECT_EQ(b["detail"], "The server failed while handling the request");
  EXPECT_EQ(c.Get("/items/1").result_int(), 200u);  // same connection
  EXPECT_EQ(Client(server_->port()).Get("/items/2").result_int(), 200u);
  server_->Stop();
  std::vector<std::string> log = Log();
  EXPECT_THAT(log, testing::Contains(HasSubstr("handler for GET /throw threw: boom")));
  EXPECT_THAT(log, testing::Contains(HasSubstr(" GET /throw 500 ")));
}

TEST_F(ServerTest, LogsOneLinePerRequest) {
  Client c(server_->port());
  c.Get("/items/1?secret=x");
  c.Get("/nowhere");
  server_->Stop();
  std::vector<std::string> log = Log();
  ASSERT_EQ(log.size(), 2u);
  std::string prefix = "127.0.0.1:" + std::to_string(c.local_port()) + " GET /items/1 200 ";
  EXPECT_EQ(log[0].substr(0, prefix.size()), prefix) << log[0];
  EXPECT_EQ(log[0].substr(log[0].size() - 2), "us");
  EXPECT_THAT(log[0], testing::Not(HasSubstr("secret")));  // no query strings in the log
  EXPECT_THAT(log[1], HasSubstr(" GET /nowhere 404 "));
}

TEST_F(ServerTest, ConcurrentClients) {
  constexpr size_t kClients = 6;
  constexpr int kRequests = 25;
  std::vector<std::thread> threads;
  std::vector<int> ok(kClients, 0);
  for (size_t t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      Client c(server_->port());
      for (int i = 0; i < kRequests; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        Reply r = c.Get("/items/" + id);
        if (r.result_int() == 200 && Str(Json(r)["id"]) == id) ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < kClients; ++t) EXPECT_EQ(ok[t], kRequests) << "client " << t;
}

TEST_F(ServerTest, StopIsIdempotentAndConcurrent) {
  uint16_t port = server_->port();
  std::thread a([&] { server_->Stop(); });
  std::thread b([&] { server_->Stop(); });
  a.join();
  b.join();
  server_->Stop();
  server_->StopAccepting();
  EXPECT_TRUE(ConnectionRefused(port));
}

TEST(ServerStopTest, GracefulStopAnswersTheRequestInFlight) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Router router;
  router.Add("GET", "/slow", [&](Request&) {
    entered.set_value();
    released.wait();
    Response res;
    res.body = R"({"done":true})";
    return res;
  });
  router.Add("GET", "/fast", [](Request&) { return Response{}; });
  auto started = Server::Start(ServerOptions{}, router);
  ASSERT_TRUE(started.has_value()) << started.status().ToString();
  std::unique_ptr<Server> server = std::move(*started);
  uint16_t port = server->port();

  // An idle keep-alive connection, which Stop closes.
  Client idle(port);
  EXPECT_EQ(idle.Get("/fast").result_int(), 200u);

  Reply slow_reply;
  std::thread client([&] { slow_reply = Client(port).Get("/slow"); });
  entered.get_future().wait();  // the request is in the handler

  server->StopAccepting();
  EXPECT_TRUE(ConnectionRefused(port));
  EXPECT_TRUE(idle.Closed());
  std::thread stopper([&] { server->Stop(); });
  release.set_value();
  client.join();
  stopper.join();

  EXPECT_EQ(slow_reply.result_int(), 200u);
  EXPECT_EQ(slow_reply.body(), R"({"done":true})");
  EXPECT_FALSE(slow_reply.keep_alive());  // "Connection: close" while stopping
  EXPECT_TRUE(ConnectionRefused(port));
}

TEST(ServerStartTest, BindErrorsNameTheAddress) {
  Router router;
  router.Add("GET", "/", [](Request&) { return Response{}; });
  auto first = Server::Start(ServerOptions{}, router);
  ASSERT_TRUE(first.has_value());
  ServerOptions same;
  same.port = (*first)->port();
  auto second = Server::Start(same, router);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.status().code(), base::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().en(), HasSubstr("127.0.0.1:" + std::to_string(same.port)));
  EXPECT_THAT(second.status().ja(), HasSubstr("127.0.0.1:" + std::to_string(same.port)));

  ServerOptions bad;
  bad.address = "not-an-address";
  bad.port = 8080;
  auto third = Server::Start(bad, router);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.status().code(), base::StatusCode::kUnavailable);
  EXPECT_THAT(third.status().en(), HasSubstr("not-an-address:8080"));

  ServerOptions foreign;
  foreign.address = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  auto fourth = Server::Start(foreign, router);
  ASSERT_FALSE(fourth.has_value());
  EXPECT_EQ(fourth.status().code(), base::StatusCode::kUnavailable);
  EXPECT_THAT(fourth.status().en(), HasSubstr("192.0.2.1:0"));
}

TEST(ServerStartTest, InvalidOptions) {
  Handler h = [](Request&) { return Response{}; };
  ServerOptions zero_threads;
  zero_threads.threads = 0;
  auto r = Server::Start(zero_threads, h);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kInvalidArgument);
  ServerOptions no_timeout;
  no_timeout.read_timeout = std::chrono::seconds(0);
  EXPECT_EQ(Server::Start(no_timeout, h).status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(Server::Start(ServerOptions{}, nullptr).status().code(),
            base::StatusCode::kInvalidArgument);
}

TEST(ServerStartTest, Ipv6Loopback) {
  ServerOptions options;
  options.address = "::1";
  auto server = Server::Start(options, [](Request& req) {
    Response res;
    res.body = req.remote;
    return res;
  });
  if (!server.has_value()) GTEST_SKIP() << "no IPv6 here: " << server.status().ToString();
  asio::io_context io;
  tcp::socket s(io);
  ErrorCode ec;
  s.connect(tcp::endpoint(asio::ip::make_address("::1"), (*server)->port()), ec);
  ASSERT_FALSE(ec) << ec.message();
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/", 11};
  req.set(bhttp::field::host, "[::1]");
  bhttp::write(s, req);
  beast::flat_buffer buffer;
  Reply r;
  bhttp::read(s, buffer, r);
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body().substr(0, 5), "[::1]");
}

}  // namespace
}  // namespace kikan::http
