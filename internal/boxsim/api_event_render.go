package boxsim

import "strconv"

// renderEvent renders event i as the admin streams send it. Box adds
// ip_address to enterprise events although the spec's Event lists no
// such property (the schema allows extra ones).
func (l *eventLog) renderEvent(i int32) object {
	e := &l.recs[i]
	o := object{
		{keyType, "event"},
		{"event_id", l.eventID(i)},
		{"event_type", eventTypes[e.typ]},
		{keyCreatedAt, boxTime(e.created)},
		{"recorded_at", boxTime(l.recorded(i))},
		{"created_by", userMini(l.users[e.by])},
	}
	if src := l.source(i); src != nil {
		o = append(o, member{"source", src})
	}
	o = append(o, member{"ip_address", l.ipAddress(i)})
	if sid, ok := l.sessionID(i); ok {
		o = append(o, member{"session_id", sid})
	}
	return o
}

// source picks the spec's source variant: an EventSource for file events,
// a generic {group_id, group_name, user_id, user_name} object for group
// events, else the user the event is about. Events about nobody have none.
func (l *eventLog) source(i int32) object {
	e := &l.recs[i]
	switch {
	case e.typ == evUpload || e.typ == evDownload || e.typ == evPreview:
		owner := l.users[e.by]
		if e.user >= 0 {
			owner = l.users[e.user]
		}
		h := l.hash(i, 0xF11E)
		return object{
			{"item_type", "file"},
			{"item_id", strconv.FormatUint(500_000_000_000+h%99_999_999_999, 10)},
			{"item_name", fileNames[h%uint64(len(fileNames))]},
			{"parent", object{
				{keyType, "folder"},
				{"id", strconv.FormatUint(200_000_000_000+(h>>20)%99_999_999_999, 10)},
				{keyName, folderNames[(h>>8)%uint64(len(folderNames))]},
			}},
			{"owned_by", userMini(owner)},
		}
	case e.group >= 0:
		g := l.groups[e.group]
		o := object{{"group_id", formatID(g.id)}, {"group_name", g.name}}
		if e.user >= 0 {
			u := l.users[e.user]
			o = append(o, member{"user_id", formatID(u.id)}, member{"user_name", u.name})
		}
		return o
	case e.user >= 0:
		return userMini(l.users[e.user])
	}
	return nil
}
