//! Prisma's default constraint names and their truncation to the provider's identifier limit.

use node_llm_orm_native::schema::names::*;
use node_llm_orm_native::schema::Provider;

#[test]
fn short_names_are_table_columns_and_suffix() {
    assert_eq!(primary_key_name("Test", Provider::PostgreSql), "Test_pkey");
    assert_eq!(
        unique_index_name("User", &["email"], Provider::PostgreSql),
        "User_email_key"
    );
    assert_eq!(index_name("B", &["a", "b"], Provider::MySql), "B_a_b_idx");
    assert_eq!(
        foreign_key_name("Post", &["authorId"], Provider::Sqlite),
        "Post_authorId_fkey"
    );
}

#[test]
fn postgres_names_are_cut_to_63_bytes() {
    let table = "UserNotificationPreferenceSetting";
    let cols = ["organizationId", "notificationChannel"];
    let key = unique_index_name(table, &cols, Provider::PostgreSql);
    assert_eq!(
        key,
        "UserNotificationPreferenceSetting_organizationId_notificati_key"
    );
    assert_eq!(key.len(), 63);
    let fk = foreign_key_name(table, &cols, Provider::PostgreSql);
    assert_eq!(
        fk,
        "UserNotificationPreferenceSetting_organizationId_notificat_fkey"
    );
    assert_eq!(fk.len(), 63);
    let pk = primary_key_name(&"T".repeat(80), Provider::PostgreSql);
    assert_eq!(pk.len(), 63);
    assert!(pk.ends_with("_pkey"));
}

#[test]
fn mysql_allows_64_bytes_and_sqlite_does_not_cut() {
    let long = "x".repeat(70);
    assert_eq!(index_name(&long, &["a"], Provider::MySql).len(), 64);
    assert_eq!(
        index_name(&long, &["a"], Provider::Sqlite),
        format!("{long}_a_idx")
    );
}

#[test]
fn truncation_counts_bytes_and_keeps_whole_characters() {
    // 30 two-byte characters: 60 bytes; the base must be cut to 59 bytes, then back to 58.
    let table = "é".repeat(30);
    let name = index_name(&table, &["a"], Provider::PostgreSql);
    assert!(name.len() <= 63);
    assert!(name.ends_with("_idx"));
    assert_eq!(name, format!("{}_idx", "é".repeat(29)));
    assert_eq!(cut("aé", 2), "a");
}
