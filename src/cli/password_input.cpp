#include "cli/password_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"

namespace grounded::cli {
namespace {

std::string without_line_end(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

void say(int fd, const std::string& text) {
  [[maybe_unused]] ssize_t written = ::write(fd, text.data(), text.size());
}

// One line typed on `fd` with echo off; echo is restored even when reading fails.
std::string ask_hidden(int fd, const std::string& prompt) {
  say(fd, prompt);
  termios before{};
  const bool terminal = ::tcgetattr(fd, &before) == 0;
  if (terminal) {
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (terminal) ::tcsetattr(fd, TCSAFLUSH, &before);
  say(fd, "\n");
  return without_line_end(line);
}

}  // namespace

std::string read_new_password(const std::string& for_user, bool from_stdin) {
  if (from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line) || without_line_end(line).empty())
      throw invalid_input("--password-stdin: standard input held no password");
    return without_line_end(line);
  }
  int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0)
    throw UsageError("there is no terminal to ask for the password on: pipe it in with --password-stdin");
  std::string first = ask_hidden(tty, "New password for " + for_user + ": ");
  std::string second = ask_hidden(tty, "The same password again: ");
  ::close(tty);
  if (first != second) throw invalid_input("the two passwords differ; nothing was changed");
  return first;
}

}  // namespace grounded::cli
