package io.dif.extract.sftp;

import io.dif.core.config.SftpSourceConfig;
import io.dif.core.credential.Secret;
import io.dif.core.error.ConfigurationException;
import io.dif.core.error.DataException;
import io.dif.core.error.ErrorCode;
import io.dif.core.error.RetriableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * An SFTP server's folders, reached with Apache MINA SSHD: the server must show the configured
 * host key (by its SHA256 fingerprint), the client logs in with a password or a private key.
 */
public final class SftpFolder implements AutoCloseable {
  private final String qualified;
  private final SshClient client;
  private final ClientSession session;
  private final SftpClient sftp;

  /** A remote file as listed: its path, size and modification time. */
  public record RemoteFile(String path, long size, long modifiedMillis) {}

  private SftpFolder(String qualified, SshClient client, ClientSession session, SftpClient sftp) {
    this.qualified = qualified;
    this.client = client;
    this.session = session;
    this.sftp = sftp;
  }

  /** Connects and logs in; {@code privateKey} (and its passphrase) or {@code password}. */
  public static SftpFolder connect(String qualified, SftpSourceConfig config,
      Optional<Secret> password, Optional<Secret> privateKey, Optional<Secret> passphrase) {
    String where = "sftp://" + config.user() + "@" + config.host() + ":" + config.port();
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier((clientSession, address, key) ->
        KeyUtils.getFingerPrint(key).equals(config.hostKey().replaceAll("=+$", "")));
    client.start();
    ClientSession session = null;
    try {
      session = client.connect(config.user(), config.host(), config.port())
          .verify(config.connectTimeout()).getSession();
      if (password.isPresent()) {
        session.addPasswordIdentity(password.get().reveal());
      }
      if (privateKey.isPresent()) {
        for (KeyPair pair : keyPairs(qualified, privateKey.get(), passphrase)) {
          session.addPublicKeyIdentity(pair);
        }
      }
      try {
        session.auth().verify(config.connectTimeout());
      } catch (IOException e) {
        throw new ConfigurationException(ErrorCode.SOURCE_REJECTED, "Cannot log in to " + where
            + " for stream " + qualified + ": " + describe(e) + " (check the host_key"
            + " fingerprint and the credentials)");
      }
      return new SftpFolder(qualified, client, session,
          SftpClientFactory.instance().createSftpClient(session));
    } catch (IOException e) {
      close(client, session);
      throw new RetriableException(ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to " + where
          + " for stream " + qualified + ": " + describe(e), e);
    } catch (RuntimeException e) {
      close(client, session);
      throw e;
    }
  }

  private static Iterable<KeyPair> keyPairs(String qualified, Secret key,
      Optional<Secret> passphrase) {
    try {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
          NamedResource.ofName("private_key_credential"), new ByteArrayInputStream(
              key.reveal().getBytes(StandardCharsets.UTF_8)),
          passphrase.map(p -> FilePasswordProvider.of(p.reveal()))
              .orElse(FilePasswordProvider.EMPTY));
      if (pairs == null) {
        throw new GeneralSecurityException("no key in it");
      }
      return pairs;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException(ErrorCode.CREDENTIAL_UNREADABLE, "Cannot read the"
          + " private key of stream " + qualified + ": " + describe(e));
    }
  }

  /** The regular files of {@code folder} whose names match {@code glob}, by name. */
  public List<RemoteFile> list(String folder, String glob) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<RemoteFile> files = new ArrayList<>();
    try {
      for (SftpClient.DirEntry entry : sftp.readDir(folder)) {
        SftpClient.Attributes attributes = entry.getAttributes();
        if (attributes.isRegularFile() && matcher.matches(Path.of(entry.getFilename()))) {
          files.add(new RemoteFile(folder.replaceAll("/+$", "") + "/" + entry.getFilename(),
              attributes.getSize(), attributes.getModifyTime().toMillis()));
        }
      }
    } catch (IOException e) {
      throw failure("list folder " + folder, e);
    }
    files.sort(java.util.Comparator.comparing(RemoteFile::path));
    return files;
  }

  /** Reads a remote file. */
  public InputStream open(String path) {
    try {
      return sftp.read(path);
    } catch (IOException e) {
      throw failure("download " + path, e);
    }
  }

  private RuntimeException failure(String action, IOException e) {
    if (e instanceof org.apache.sshd.sftp.common.SftpException) {
      return new DataException(ErrorCode.SOURCE_REJECTED, "Cannot " + action + " for stream "
          + qualified + ": " + describe(e), e);
    }
    return new RetriableException(ErrorCode.SOURCE_UNREACHABLE, "Cannot " + action
        + " for stream " + qualified + ": " + describe(e), e);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    try {
      sftp.close();
    } catch (IOException e) {
      // the files are landed; a session that fails to close changes nothing
    }
    close(client, session);
  }

  private static void close(SshClient client, ClientSession session) {
    try {
      if (session != null) {
        session.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    client.stop();
  }
}
