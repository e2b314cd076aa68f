// Written by hand to match migrations/*/up.sql; both backends share this one definition, which
// is why every column uses a type both support.

diesel::table! {
    categories (key) {
        key -> Text,
        colour -> Text,
        icon -> Text,
        name_en -> Text,
        name_ar -> Text,
        name_fr -> Text,
        name_es -> Text,
        featured -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    focus_areas (key) {
        key -> Text,
        name_en -> Text,
        name_ar -> Text,
        name_fr -> Text,
        name_es -> Text,
        position -> Integer,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        name_ar -> Nullable<Text>,
        category_key -> Text,
        description -> Text,
        city -> Text,
        country -> Text,
        latitude -> Double,
        longitude -> Double,
        precision -> Text,
        website -> Nullable<Text>,
        links -> Text,
        languages -> Text,
        status -> Text,
        origin -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_confirmed_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        original_language -> Nullable<Text>,
        translations -> Text,
    }
}

diesel::table! {
    organization_focus_areas (organization_id, focus_area_key) {
        organization_id -> Text,
        focus_area_key -> Text,
    }
}

diesel::table! {
    organization_private (organization_id) {
        organization_id -> Text,
        contact_email -> Nullable<Text>,
        internal_notes -> Text,
        owner_token_hash -> Nullable<Text>,
        hidden_by -> Nullable<Text>,
        hidden_until -> Nullable<Timestamp>,
        deletion_requested_at -> Nullable<Timestamp>,
        reminder_sent_at -> Nullable<Timestamp>,
        pending_owner_token_hash -> Nullable<Text>,
        owner_link_sent_at -> Nullable<Timestamp>,
        language -> Text,
        contact_email_index -> Nullable<Text>,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    submissions (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        draft -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        batch_id -> Nullable<Text>,
    }
}

diesel::table! {
    rejection_batches (id) {
        id -> Text,
        reason -> Text,
        tell_groups -> Bool,
        created_at -> Timestamp,
        undo_until -> Timestamp,
        undone_at -> Nullable<Timestamp>,
        settled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    moderator_countries (user_id, country_code) {
        user_id -> Text,
        country_code -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        recipient -> Text,
        reply_to -> Nullable<Text>,
        subject -> Text,
        body -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        language -> Text,
        list_unsubscribe -> Nullable<Text>,
    }
}

diesel::table! {
    contact_messages (id) {
        id -> Text,
        organization_id -> Text,
        sender_name -> Text,
        sender_email -> Text,
        message -> Text,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    resources (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        url -> Text,
        kind -> Text,
        language -> Text,
        summary -> Text,
        topics -> Text,
        status -> Text,
        origin -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    resource_organizations (resource_id, organization_id) {
        resource_id -> Text,
        organization_id -> Text,
    }
}

diesel::table! {
    partnerships (id) {
        id -> Text,
        global_organization_id -> Text,
        jerusalem_organization_id -> Text,
        description -> Text,
        status -> Text,
        origin -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    data_version (id) {
        id -> Integer,
        version -> BigInt,
        changes_pruned_through -> BigInt,
    }
}

diesel::table! {
    login_throttle (key_hash) {
        key_hash -> Text,
        not_before_ms -> BigInt,
    }
}

diesel::table! {
    spent_form_tokens (token_hash) {
        token_hash -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    link_checks (url) {
        url -> Text,
        next_check_at -> Timestamp,
        checked_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        http_status -> Nullable<Integer>,
        failures -> Integer,
        counted_failure_at -> Nullable<Timestamp>,
        dead -> Bool,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        duplicate_of -> Nullable<Text>,
        message -> Nullable<Text>,
        status -> Text,
        hid_entry -> Bool,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    organization_changes (seq) {
        seq -> BigInt,
        organization_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        totp_secret -> Nullable<Text>,
        totp_enabled -> Bool,
        session_epoch -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        totp_last_step -> Nullable<BigInt>,
        email_index -> Nullable<Text>,
    }
}

diesel::table! {
    data_key_check (id) {
        id -> Integer,
        fingerprint -> Text,
        sealed -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        family -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        user_email -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    crisis_actions (id) {
        id -> Text,
        scope -> Text,
        reason -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        restored_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    crisis_hidden (crisis_id, organization_id) {
        crisis_id -> Text,
        organization_id -> Text,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        slug -> Text,
        organization_id -> Text,
        title -> Text,
        description -> Text,
        link -> Nullable<Text>,
        kind -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        online -> Bool,
        city -> Nullable<Text>,
        country -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        precision -> Nullable<Text>,
        languages -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    event_co_organizers (event_id, organization_id) {
        event_id -> Text,
        organization_id -> Text,
    }
}

diesel::joinable!(organizations -> categories (category_key));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(invitations -> users (user_id));
diesel::joinable!(crisis_hidden -> crisis_actions (crisis_id));
diesel::joinable!(crisis_hidden -> organizations (organization_id));
diesel::joinable!(organization_focus_areas -> organizations (organization_id));
diesel::joinable!(organization_focus_areas -> focus_areas (focus_area_key));
diesel::joinable!(organization_private -> organizations (organization_id));
diesel::joinable!(submissions -> organizations (organization_id));
diesel::joinable!(submissions -> rejection_batches (batch_id));
diesel::joinable!(moderator_countries -> users (user_id));
diesel::joinable!(contact_messages -> organizations (organization_id));
diesel::joinable!(reports -> organizations (organization_id));
diesel::joinable!(resource_organizations -> resources (resource_id));
diesel::joinable!(resource_organizations -> organizations (organization_id));
diesel::table! {
    calls_to_action (id) {
        id -> Text,
        organization_id -> Text,
        title -> Text,
        text -> Text,
        by_when -> Date,
        how_to_help -> Text,
        link -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    call_to_action_digests (organization_id) {
        organization_id -> Text,
        last_sent_at -> Nullable<Timestamp>,
        unsubscribed -> Bool,
    }
}

diesel::joinable!(events -> organizations (organization_id));
diesel::joinable!(calls_to_action -> organizations (organization_id));
diesel::joinable!(call_to_action_digests -> organizations (organization_id));
diesel::joinable!(event_co_organizers -> events (event_id));
diesel::joinable!(event_co_organizers -> organizations (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    rejection_batches,
    moderator_countries,
    categories,
    focus_areas,
    organizations,
    organization_focus_areas,
    organization_private,
    resources,
    resource_organizations,
    partnerships,
    data_version,
    organization_changes,
    login_throttle,
    spent_form_tokens,
    submissions,
    outbox,
    contact_messages,
    users,
    refresh_tokens,
    recovery_codes,
    invitations,
    audit_log,
    crisis_actions,
    crisis_hidden,
    data_key_check,
    reports,
    events,
    event_co_organizers,
    calls_to_action,
    call_to_action_digests,
);
