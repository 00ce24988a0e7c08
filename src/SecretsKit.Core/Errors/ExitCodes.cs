namespace SecretsKit.Core.Errors;

/// <summary>The sops-compatible process exit codes (sops <c>cmd/sops/codes</c>), in one table.</summary>
public static class ExitCodes
{
    public const int Generic = 1;
    public const int CouldNotReadInputFile = 2;
    public const int CouldNotWriteOutputFile = 3;
    public const int ErrorDumpingTree = 4;
    public const int ErrorReadingConfig = 5;
    public const int InvalidKmsEncryptionContextFormat = 6;
    public const int InvalidSetFormat = 7;
    public const int ConflictingParameters = 8;

    /// <summary>SecretsKit's own (sops leaves it unused): <c>release promote</c> refused by a gate, before any cluster write.</summary>
    public const int PromotionGateRefused = 10;

    /// <summary>SecretsKit's own (sops leaves it unused): another run holds the environment's release lock.</summary>
    public const int ReleaseLocked = 11;

    /// <summary>SecretsKit's own (sops leaves it unused): a release strategy's <c>pause: {}</c> stopped the run; <c>--resume</c> continues it.</summary>
    public const int ReleasePaused = 12;
    public const int ErrorEncryptingMac = 21;
    public const int ErrorEncryptingTree = 23;
    public const int ErrorDecryptingMac = 24;
    public const int ErrorDecryptingTree = 25;
    public const int CannotChangeKeysFromNonExistentFile = 49;
    public const int MacMismatch = 51;
    public const int MacNotFound = 52;
    public const int ConfigFileNotFound = 61;
    public const int KeyboardInterrupt = 85;
    public const int InvalidTreePathFormat = 91;
    public const int NeedAtLeastOneDocument = 92;
    public const int NoFileSpecified = 100;
    public const int NoEncryptionKeyFound = 111;
    public const int DuplicateDecryptionKeyType = 112;
    public const int CouldNotRetrieveKey = 128;
    public const int FileHasNotBeenModified = 200;
    public const int NoEditorFound = 201;
    public const int FailedToCompareVersions = 202;
    public const int FileAlreadyEncrypted = 203;
}
