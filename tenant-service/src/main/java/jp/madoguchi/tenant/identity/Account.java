package jp.madoguchi.tenant.identity;

import jp.madoguchi.platform.security.Role;

/**
 * Who a token is issued to: a town's staff member (subject = staff id, with a town) or an operator
 * (subject = {@code operator:<loginId>}, no town).
 */
record Account(String subject, String tenantId, String loginId, String displayName, Role role) {
}
