package io.dif.extract.sftp;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * OpenPGP decryption while streaming (Bouncy Castle): the file's session key is opened with a
 * secret key of the given ring, and the literal data is read as it is decrypted. The integrity
 * check runs when the data ends: a tampered or cut file fails there.
 */
public final class PgpDecryption {
  private final PGPSecretKeyRingCollection keys;
  private final char[] passphrase;

  /** Thrown when a file cannot be decrypted: not OpenPGP, another key, tampered or cut. */
  public static final class NotDecryptable extends IOException {
    NotDecryptable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** @param armoredSecretKey the secret key ring, ASCII-armored (or binary) */
  public PgpDecryption(String armoredSecretKey, char[] passphrase) throws IOException {
    try {
      this.keys = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(
          new ByteArrayInputStream(armoredSecretKey.getBytes(StandardCharsets.UTF_8))),
          new BcKeyFingerprintCalculator());
    } catch (PGPException | RuntimeException e) {
      throw new IOException("not an OpenPGP secret key: " + e.getMessage(), e);
    }
    this.passphrase = passphrase;
  }

  /** The decrypted content of {@code encrypted}. */
  public InputStream decrypt(InputStream encrypted) throws NotDecryptable {
    try {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(encrypted));
      Object next = factory.nextObject();
      while (next != null && !(next instanceof PGPEncryptedDataList)) {
        next = factory.nextObject(); // a marker packet
      }
      if (next == null) {
        throw new NotDecryptable("no OpenPGP encrypted data in it", null);
      }
      PGPPublicKeyEncryptedData data = null;
      PGPPrivateKey key = null;
      Iterator<?> candidates = ((PGPEncryptedDataList) next).getEncryptedDataObjects();
      while (key == null && candidates.hasNext()) {
        Object candidate = candidates.next();
        if (candidate instanceof PGPPublicKeyEncryptedData pk) {
          PGPSecretKey secret = keys.getSecretKey(pk.getKeyID());
          if (secret != null) {
            key = secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(
                new BcPGPDigestCalculatorProvider()).build(passphrase));
            data = pk;
          }
        }
      }
      if (key == null) {
        throw new NotDecryptable("it is not encrypted for the configured key", null);
      }
      Object message = new BcPGPObjectFactory(data.getDataStream(
          new BcPublicKeyDataDecryptorFactory(key))).nextObject();
      if (message instanceof PGPCompressedData compressed) {
        message = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
      }
      if (!(message instanceof PGPLiteralData literal)) {
        throw new NotDecryptable("it holds no literal data (a signature or key only?)", null);
      }
      return new Verified(literal.getInputStream(), data);
    } catch (NotDecryptable e) {
      throw e;
    } catch (PGPException | IOException | RuntimeException e) {
      throw new NotDecryptable(e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage(), e);
    }
  }

  /** Checks the integrity (MDC) of the data once it is read to its end. */
  private static final class Verified extends FilterInputStream {
    private final PGPPublicKeyEncryptedData data;
    private boolean checked;

    Verified(InputStream in, PGPPublicKeyEncryptedData data) {
      super(in);
      this.data = data;
    }

    @Override
    public int read() throws IOException {
      int b = wrap(() -> super.read());
      if (b < 0) {
        verify();
      }
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = wrap(() -> super.read(bytes, offset, length));
      if (n < 0) {
        verify();
      }
      return n;
    }

    private interface Read {
      int read() throws IOException;
    }

    private static int wrap(Read read) throws IOException {
      try {
        return read.read();
      } catch (NotDecryptable e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new NotDecryptable("cannot read its encrypted data: " + e.getMessage(), e);
      }
    }

    private void verify() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      try {
        if (!data.isIntegrityProtected()) {
          throw new NotDecryptable("it has no integrity check (MDC)", null);
        }
        if (!data.verify()) {
          throw new NotDecryptable("its integrity check failed (tampered or cut)", null);
        }
      } catch (PGPException e) {
        throw new NotDecryptable("its integrity check failed: " + e.getMessage(), e);
      }
    }
  }
}
