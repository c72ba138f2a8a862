package io.tradingcore.bridge.alpaca;

import io.tradingcore.secrets.SecretFiles;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alpaca API keys of each portfolio (one Alpaca account per portfolio), read from a secrets
 * file of lines {@code <portfolio> <key id> <secret key>}; blank lines and {@code #} comments are
 * allowed.
 *
 * <p>Held like the control keys: the file should be readable by its owner only (a warning naming
 * the file says so otherwise), and the secret keys never leave this class except as the header of a
 * request: no {@link #toString()}, message or log line carries one, nor a piece of one. Keys are
 * never read from the environment.
 */
public final class AlpacaCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaCredentials.class);

  static final String KEY_ID_HEADER = "APCA-API-KEY-ID";
  static final String SECRET_HEADER = "APCA-API-SECRET-KEY";

  private static final String WHAT = "Alpaca credentials file";
  private static final String FORM = "<portfolio> <key id> <secret key>";
  private static final Pattern PORTFOLIO = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  // Alpaca's key ids are upper-case letters and digits (20), its secrets 40 mixed characters: the
  // shapes make a line written in the wrong order fail instead of naming a portfolio by a secret.
  private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{8,64}");
  private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{20,256}");

  private final Path file;
  private final Map<String, Account> accounts;
  private final List<String> warnings;

  private AlpacaCredentials(Path file, Map<String, Account> accounts, List<String> warnings) {
    this.file = file;
    this.accounts = accounts;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The credentials in {@code file}.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no
   *     account, and listing every bad line by number (never its content) when lines are wrong
   */
  public static AlpacaCredentials load(Path file) {
    List<String> lines =
        SecretFiles.readLines(
            WHAT,
            file,
            ": write one line '" + FORM + "' per portfolio and 'chmod 600 " + file + "'");
    Map<String, Account> accounts = new LinkedHashMap<>();
    Map<String, Integer> definedOn = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (SecretFiles.Entry entry : SecretFiles.entries(lines, 3, FORM, problems)) {
      int number = entry.line();
      List<String> fields = entry.fields();
      // Neither field is echoed: a line in the wrong order would print the secret.
      if (!PORTFOLIO.matcher(fields.get(0)).matches()) {
        problems.add(
            "line " + number + ": the portfolio must be 1 to 64 letters, digits, '.', '_' or '-'");
        continue;
      }
      if (!KEY_ID.matcher(fields.get(1)).matches()) {
        problems.add(
            "line " + number + ": the key id must be 8 to 64 upper-case letters or digits");
        continue;
      }
      if (!SECRET.matcher(fields.get(2)).matches()) {
        problems.add("line " + number + ": the secret key must be 20 to 256 printable characters");
        continue;
      }
      String portfolio = fields.get(0);
      Integer earlier = definedOn.putIfAbsent(portfolio, number);
      if (earlier != null) {
        problems.add(
            "line "
                + number
                + ": portfolio '"
                + portfolio
                + "' already has an account on line "
                + earlier);
        continue;
      }
      accounts.put(portfolio, new Account(portfolio, fields.get(1), fields.get(2)));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid " + WHAT + " " + file + ": " + String.join("; ", problems));
    }
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException(
          WHAT + " " + file + " holds no account: expected lines '" + FORM + "'");
    }
    List<String> warnings = new ArrayList<>();
    SecretFiles.permissionWarning(WHAT, file).ifPresent(warnings::add);
    warnings.forEach(LOG::warn);
    return new AlpacaCredentials(file, Collections.unmodifiableMap(accounts), warnings);
  }

  public Path file() {
    return file;
  }

  /** The portfolios that have an account, in file order. */
  public Set<String> portfolios() {
    return accounts.keySet();
  }

  public Optional<Account> account(String portfolio) {
    return Optional.ofNullable(accounts.get(portfolio));
  }

  /** What was wrong but not fatal when the file was read (each was also logged). */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "AlpacaCredentials[" + file + ": portfolios " + accounts.keySet() + "]";
  }

  /** The Alpaca account of one portfolio. Its secret key only ever goes into a request header. */
  public static final class Account {
    private final String portfolio;
    private final String keyId;
    private final String secret;

    private Account(String portfolio, String keyId, String secret) {
      this.portfolio = portfolio;
      this.keyId = keyId;
      this.secret = secret;
    }

    public String portfolio() {
      return portfolio;
    }

    public String keyId() {
      return keyId;
    }

    /** Adds the authentication headers to {@code request}. */
    void authorize(HttpRequest.Builder request) {
      request.header(KEY_ID_HEADER, keyId).header(SECRET_HEADER, secret);
    }

    @Override
    public String toString() {
      return "Alpaca account of portfolio " + portfolio + " (key id " + keyId + ")";
    }
  }
}
