package jp.madoguchi.platform.tenancy;

/** A tenant id that is not a valid 全国地方公共団体コード; the message says what is wrong. */
class InvalidTenantIdException extends IllegalArgumentException {
    public InvalidTenantIdException(String message) {
        super(message);
    }
}
