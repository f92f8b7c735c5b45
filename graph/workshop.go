package graph

import (
	"context"
	"strconv"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/workshop"
)

func workshopPayload(ctx context.Context, w *workshop.Workshop, err error) (*model.WorkshopPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.WorkshopPayload{Workshop: w, UserErrors: ue}, nil
}

func registrationPayload(ctx context.Context, reg *workshop.Registration, err error) (*model.WorkshopRegistrationPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.WorkshopRegistrationPayload{Registration: reg, UserErrors: ue}, nil
}

// materialPayload answers a change of material with the material and its workshop, read
// again so that its list shows the change.
func (r *Resolver) materialPayload(ctx context.Context, m *workshop.Material, w *workshop.Workshop, err error) (*model.WorkshopMaterialPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	if m != nil && w == nil {
		if w, err = load(ctx, loadersFrom(ctx).workshops, m.WorkshopID); err != nil {
			return nil, err
		}
	}
	return &model.WorkshopMaterialPayload{Material: m, Workshop: w, UserErrors: ue}, nil
}

// feedURL is the address of a personal calendar of registrations.
func feedURL(token string) string { return "/calendario/" + token + ".ics" }

func derefAudience(a *workshop.Audience) workshop.Audience {
	if a == nil {
		return ""
	}
	return *a
}

// sessionInputs decodes the sessions of a form; a malformed session id is a userError on
// its row.
func sessionInputs(in []*model.WorkshopSessionInput) ([]workshop.SessionInput, error) {
	out := make([]workshop.SessionInput, len(in))
	var errs apperr.List
	for i, s := range in {
		out[i] = workshop.SessionInput{StartsAt: s.StartsAt, EndsAt: s.EndsAt, Place: s.Place, OnlineURL: s.OnlineURL}
		if s.ID != nil {
			id, err := decodeOne(*s.ID, "sessions."+strconv.Itoa(i)+".id", gid.WorkshopSession)
			if e, ok := apperr.Expected(err); ok {
				errs = append(errs, e...)
				continue
			}
			out[i].ID = &id
		}
	}
	return out, errs.Err()
}

func publishInput(in model.PublishWorkshopInput) (workshop.PublishInput, error) {
	out := workshop.PublishInput{
		Title: in.Title, Description: in.Description, Kind: in.Kind, Mode: in.Mode, ServiceAreaSlug: in.ServiceAreaSlug,
		Capacity: in.Capacity, RegistrationDeadline: in.RegistrationDeadline, AttendanceRequired: in.AttendanceRequired,
	}
	var err error
	if out.HostCenterID, err = decodeOptionalID(in.HostCenterID, "hostCenterId", gid.Center); err != nil {
		return out, err
	}
	if out.SpaceID, err = decodeOptionalID(in.TwinningID, "twinningId", gid.Twinning); err != nil {
		return out, err
	}
	if out.TrainerIDs, err = decodeIDs(in.TrainerIds, "trainerIds", gid.User); err != nil {
		return out, err
	}
	if out.Sessions, err = sessionInputs(in.Sessions); err != nil {
		return out, err
	}
	for _, l := range in.Links {
		out.Links = append(out.Links, workshop.LinkInput{Name: l.Name, URL: l.URL, Audience: derefAudience(l.Audience)})
	}
	return out, nil
}

func editInput(in model.EditWorkshopInput) (workshop.EditInput, error) {
	out := workshop.EditInput{
		Title: in.Title, Description: in.Description, Kind: in.Kind, Mode: in.Mode, ServiceAreaSlug: in.ServiceAreaSlug,
		Capacity: in.Capacity, Unlimited: in.Unlimited != nil && *in.Unlimited, RegistrationDeadline: in.RegistrationDeadline,
		AttendanceRequired: in.AttendanceRequired, TrainersSet: in.TrainerIds != nil, SessionsSet: in.Sessions != nil,
	}
	var err error
	if out.WorkshopID, err = decodeOne(in.WorkshopID, "workshopId", gid.Workshop); err != nil {
		return out, err
	}
	if out.HostCenterID, err = decodeOptionalID(in.HostCenterID, "hostCenterId", gid.Center); err != nil {
		return out, err
	}
	if out.TrainerIDs, err = decodeIDs(in.TrainerIds, "trainerIds", gid.User); err != nil {
		return out, err
	}
	out.Sessions, err = sessionInputs(in.Sessions)
	return out, err
}

func workshopFilter(in *model.WorkshopFilter) (workshop.Filter, error) {
	var f workshop.Filter
	if in == nil {
		return f, nil
	}
	var err error
	f.Upcoming, f.Past = in.Upcoming != nil && *in.Upcoming, in.Past != nil && *in.Past
	f.ServiceAreaSlug, f.Mode, f.Kind, f.From, f.To = in.ServiceAreaSlug, in.Mode, in.Kind, in.From, in.To
	if f.RegionID, err = decodeOptionalID(in.RegionID, "regionId", gid.Region); err != nil {
		return f, err
	}
	if f.SpaceID, err = decodeOptionalID(in.SpaceID, "spaceId", gid.Twinning); err != nil {
		return f, err
	}
	f.TrainerID, err = decodeOptionalID(in.TrainerID, "trainerId", gid.User)
	return f, err
}

// prefetchWorkshops reads ahead what a page of workshops shows below them, so that the page
// costs the same statements whatever its number of workshops, sessions and trainers: each
// loader gets the page's keys at once, where fields resolved one by one can come in after
// the batching window on a busy machine and make a second batch. Sessions and host centres
// are always shown; the rest only when the operation asks. The trainers are read ahead as
// preloadQuestions reads the authors, their ids and then the people, whose centres join the
// host centres' statement: left to the fields, a workshop's trainers are a list below a list.
func (r *Resolver) prefetchWorkshops(ctx context.Context, list []*workshop.Workshop) error {
	l := loadersFrom(ctx)
	ids := authorsOf(list, func(w *workshop.Workshop) int64 { return w.ID })
	prefetch(ctx, l.wsSessions, ids)
	var centers, areas, spaces []int64
	for _, w := range list {
		if w.HostCenterID != nil {
			centers = append(centers, *w.HostCenterID)
		}
		if w.ServiceAreaID != nil {
			areas = append(areas, *w.ServiceAreaID)
		}
		if w.SpaceID != nil {
			spaces = append(spaces, *w.SpaceID)
		}
	}
	if selects(ctx, "edges", "node", "serviceArea") {
		prefetch(ctx, l.serviceAreas, areas)
	}
	if selects(ctx, "edges", "node", "space") {
		prefetch(ctx, l.twinnings, spaces)
	}
	if selects(ctx, "edges", "node", "trainers") {
		trainers, err := preload(ctx, l.wsTrainers, r.svc.Workshops.TrainersOf, ids)
		if err != nil {
			return err
		}
		var people []int64
		for _, id := range ids {
			if _, ok := trainers[id]; !ok {
				l.wsTrainers.Prime(id, nil) // none: nothing to read again
			}
			people = append(people, trainers[id]...)
		}
		users, err := preload(ctx, l.users, r.svc.Auth.UsersByIDs, people)
		if err != nil {
			return err
		}
		if selects(ctx, "edges", "node", "trainers", "center") {
			for _, u := range users {
				if u.CenterID != nil {
					centers = append(centers, *u.CenterID)
				}
			}
		}
	}
	// The regions are the centres' (the workshop's own region is its host centre's): the
	// centres are read now, so that their regions make one batch too.
	if !selects(ctx, "edges", "node", "region") && !selects(ctx, "edges", "node", "hostCenter", "region") {
		prefetch(ctx, l.centers, centers)
		return nil
	}
	found, err := preload(ctx, l.centers, r.svc.Directory.CentersByIDs, centers)
	if err != nil {
		return err
	}
	regions := make([]int64, 0, len(found))
	for _, c := range found {
		regions = append(regions, c.RegionID)
	}
	prefetch(ctx, l.regions, regions)
	return nil
}

// materialFile is a material's file, nil for a link.
func materialFile(ctx context.Context, m *workshop.Material) (*file.File, error) {
	if m.FileID == nil {
		return nil, nil
	}
	return load(ctx, loadersFrom(ctx).files, *m.FileID)
}

// attended weighs what a registration attended against its workshop's sessions.
func attended(ctx context.Context, reg *workshop.Registration) (workshop.Attended, error) {
	l := loadersFrom(ctx)
	w, err := load(ctx, l.workshops, reg.WorkshopID)
	if w == nil || err != nil {
		return workshop.Attended{}, err
	}
	sessions, err := loadMany(ctx, l.wsSessions, w.ID)
	if err != nil {
		return workshop.Attended{}, err
	}
	ids, err := loadMany(ctx, l.attendance, reg.ID)
	return workshop.Measure(w, sessions, ids, reg.Status), err
}
