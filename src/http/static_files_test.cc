#include "http/static_files.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <random>

namespace kikan::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    base_ = fs::path(::testing::TempDir()) /
            ("kikan_static_" + std::to_string(rd()) + "_" + std::to_string(rd()));
    root_ = base_ / "www";
    fs::create_directories(root_ / "assets");
    fs::create_directories(root_ / "docs");
    Write(root_ / "index.html", "<!doctype html><title>Kikan</title>");
    Write(root_ / "assets" / "app.js", "console.log(1)");
    Write(root_ / "assets" / "app.CSS", "body{}");
    Write(root_ / "assets" / "logo.svg", "<svg/>");
    Write(root_ / "assets" / "font.woff2", std::string("wOF2\0\1", 6));
    Write(root_ / "docs" / "index.html", "docs");
    Write(base_ / "secret.txt", "secret");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  static void Write(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  Response js = ServeFile(root_, "/assets/app.js");
  EXPECT_EQ(js.status, 200u);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  // Content-hashed bundles under assets/ are cached for good; the rest is revalidated.
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(ServeFile(root_, "/index.html").Header("Cache-Control"), "no-cache");
  EXPECT_EQ(ServeFile(root_, "/assets/route-without-dot").Header("Cache-Control"), "no-cache");
  EXPECT_EQ(ServeFile(root_, "assets/app.CSS").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(ServeFile(root_, "/assets/logo.svg").content_type, "image/svg+xml");
  Response font = ServeFile(root_, "/assets/font.woff2");
  EXPECT_EQ(font.content_type, "font/woff2");
  EXPECT_EQ(font.body.size(), 6u);
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesThePrecompressedCopyToClientsTakingGzip) {
  Write(root_ / "assets" / "app.js.gz", "GZIPPED");
  Response gz = ServeFile(root_, "/assets/app.js", base::Lang::kJa, "br, gzip;q=0.8");
  EXPECT_EQ(gz.status, 200u);
  EXPECT_EQ(gz.body, "GZIPPED");
  EXPECT_EQ(gz.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");  // of the file, not of .gz
  // Without gzip in Accept-Encoding, or refused with q=0: the file itself.
  for (const char* ae : {"", "br", "gzip;q=0", "*, gzip;q=0", "identity"}) {
    Response plain = ServeFile(root_, "/assets/app.js", base::Lang::kJa, ae);
    EXPECT_EQ(plain.body, "console.log(1)") << ae;
    EXPECT_FALSE(plain.Header("Content-Encoding").has_value()) << ae;
  }
  // No .gz beside it: the file itself.
  Response css = ServeFile(root_, "/assets/app.CSS", base::Lang::kJa, "gzip");
  EXPECT_EQ(css.body, "body{}");
  EXPECT_FALSE(css.Header("Content-Encoding").has_value());
}

TEST(AcceptsGzip, ReadsTheHeaderAsRfc9110Says) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
}

TEST_F(StaticFilesTest, IndexFallbacks) {
  Response root = ServeFile(root_, "/");
  EXPECT_EQ(root.status, 200u);
  EXPECT_EQ(root.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(root.body, "<!doctype html><title>Kikan</title>");
  EXPECT_EQ(ServeFile(root_, "").body, root.body);
  EXPECT_EQ(ServeFile(root_, "/docs").body, "docs");
  EXPECT_EQ(ServeFile(root_, "/docs/").body, "docs");
  // A client-side route of the single-page app.
  EXPECT_EQ(ServeFile(root_, "/filings/42").body, root.body);
  // A missing asset is not the app.
  Response missing = ServeFile(root_, "/assets/missing.js", base::Lang::kEn);
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.content_type, "application/problem+json");
  EXPECT_EQ(boost::json::parse(missing.body).as_object()["detail"],
            "There is no file at /assets/missing.js");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const char* path : {"/../secret.txt", "../secret.txt", "/assets/../../secret.txt",
                           "/assets/..", "/./index.html", "/..\\secret.txt", "/assets\\..\\x"}) {
    Response res = ServeFile(root_, path, base::Lang::kEn);
    EXPECT_EQ(res.status, 400u) << path;
    EXPECT_NE(res.body.find("is refused"), std::string::npos) << res.body;
    EXPECT_NE(res.body, "secret");
  }
  Response nul = ServeFile(root_, std::string_view("/index.html\0.js", 15));
  EXPECT_EQ(nul.status, 400u);
}

TEST_F(StaticFilesTest, RefusesSymlinkOutOfRoot) {
  std::error_code ec;
  fs::create_symlink(base_ / "secret.txt", root_ / "link.txt", ec);
  if (ec) GTEST_SKIP() << "cannot create a symbolic link: " << ec.message();
  Response res = ServeFile(root_, "/link.txt");
  EXPECT_EQ(res.status, 404u);
  EXPECT_NE(res.body, "secret");
}

TEST_F(StaticFilesTest, MissingRootIsNotFound) {
  EXPECT_EQ(ServeFile(base_ / "nowhere", "/index.html").status, 404u);
}

}  // namespace
}  // namespace kikan::http
